/**
 * Benchmark: validating a launch plan with 1,000 activations (YAML parsing with positions,
 * schema, semantic checks), median of several runs.
 */
import { stringify } from 'yaml';
import { formatOffset } from '../src/plan/durations.ts';
import { samplePlan } from '../src/plan/init/sample-plan.ts';
import { parsePlanText } from '../src/plan/load.ts';
import { type BenchResult, median } from './measure.ts';

const activationCount = 1000;
const runs = 7;

/** A valid plan with `activationCount` social and e-mail activations spread over a day. */
function largePlanText(): string {
  const plan = samplePlan('b2b_saas_launch', new Date('2026-05-01T00:00:00Z'));
  const activations = Array.from({ length: activationCount }, (_, index) => ({
    id: `wave-${index}`,
    channel: index % 2 === 0 ? ('social' as const) : ('email' as const),
    at: formatOffset(index * 60_000),
    connector: index % 2 === 0 ? 'twitter' : 'sendgrid',
    template: index % 2 === 0 ? 'launch-post' : 'launch-email',
    ...(index % 2 === 0 ? {} : { audience: 'waitlist' }),
    utm: { source: 'bench', medium: 'launch', campaign: `wave-${index}` },
  }));
  return stringify({ ...plan, activations });
}

/**
 * Median milliseconds to validate a generated plan with 1,000 activations.
 *
 * @example
 * const [result] = await benchValidatePlan(); // { name: 'validate a plan with 1,000 activations (median)', value: 120, unit: 'ms' }
 */
export async function benchValidatePlan(): Promise<BenchResult[]> {
  const text = largePlanText();
  const first = parsePlanText(text, 'bench-plan.yaml');
  if (!first.ok) throw new Error(`benchmark plan is invalid: ${first.problems[0]?.message}`);
  const durations: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    parsePlanText(text, 'bench-plan.yaml');
    durations.push(performance.now() - started);
  }
  const kilobytes = Math.round(Buffer.byteLength(text) / 1024);
  return [
    {
      name: 'validate a plan with 1,000 activations (median)',
      value: Math.round(median(durations) * 10) / 10,
      unit: 'ms',
      detail: `median of ${runs} runs; ${kilobytes} KiB of YAML, ${text.split('\n').length} lines`,
    },
  ];
}
