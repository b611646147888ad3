/**
 * The JSON Schema of the launch plan, generated from the zod schema so that editors (the YAML
 * language server) complete and check plans with the same rules as `launchcrew validate`.
 */
import { z } from 'zod';
import { launchPlanSchema } from './schema.ts';

/**
 * The launch plan JSON Schema (draft-07, which every YAML/JSON editor supports), describing
 * the plan as written (defaults are optional).
 *
 * @example
 * writeFileSync('schema/launch-plan.schema.json', `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
 */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(launchPlanSchema, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

/** The schema file's text: pretty JSON with a final newline. */
export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
