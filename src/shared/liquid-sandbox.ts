/**
 * LiquidJS in a sandbox, shared by every message template (reports, incident communications):
 * templates come only from memory (no file system includes or layouts), unknown filters and
 * variables are errors (a typo must not print an empty figure), only own properties are visible,
 * and parse size, render time and memory are bounded. Parsed templates are cached by source.
 */
import { Liquid, type LiquidOptions, type Template } from 'liquidjs';

/** How output is escaped: none (plain text), HTML, or Slack (`&`, `<`, `>`). */
export type LiquidFlavour = 'text' | 'html' | 'slack';

const sandbox: LiquidOptions = {
  templates: {},
  strictFilters: true,
  strictVariables: true,
  lenientIf: true,
  ownPropertyOnly: true,
  parseLimit: 100_000,
  renderLimit: 2_000,
  memoryLimit: 10_000_000,
};

const engines: Record<LiquidFlavour, Liquid> = {
  text: new Liquid(sandbox),
  html: new Liquid({ ...sandbox, outputEscape: 'escape' }),
  slack: new Liquid({ ...sandbox, outputEscape: escapeForSlack }),
};

/** Parsed templates per engine, by source (bounded: plans bring few templates). */
const parsed = new Map<Liquid, Map<string, Template[]>>();
const parsedLimit = 200;

/**
 * Renders `source` with `model` in the sandbox; parse and render errors are thrown as they are
 * (callers wrap them with the template's name).
 *
 * @example
 * await renderSandboxed('text', 'Hello {{ venture.name }}', { venture: { name: 'Acme' } }); // 'Hello Acme'
 */
export async function renderSandboxed(
  flavour: LiquidFlavour,
  source: string,
  model: object,
): Promise<string> {
  const engine = engines[flavour];
  const cache = parsed.get(engine) ?? new Map<string, Template[]>();
  parsed.set(engine, cache);
  let tokens = cache.get(source);
  if (!tokens) {
    tokens = engine.parse(source);
    if (cache.size >= parsedLimit) cache.clear();
    cache.set(source, tokens);
  }
  return String(await engine.render(tokens, model));
}

function escapeForSlack(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
