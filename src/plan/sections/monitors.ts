/** Synthetic probes LaunchCrew runs itself: HTTP(S) and TCP. */
import { z } from 'zod';
import { parseDuration } from '../durations.ts';
import { durationSchema, httpUrlSchema, idSchema, offsetSchema } from '../fields.ts';

const probeFields = {
  id: idSchema,
  interval: durationSchema({ min: '5s', max: '1h' }).default('60s'),
  timeout: durationSchema({ min: '1s', max: '5m' }).default('10s'),
  retries: z.int().min(0).max(10).default(1),
  run_until: offsetSchema.optional().meta({
    description: 'Last moment the probe runs, e.g. "T+7d"; default: until monitoring ends.',
  }),
};

function timeoutBelowInterval(probe: { interval: string; timeout: string }): boolean {
  return (parseDuration(probe.timeout) ?? 0) < (parseDuration(probe.interval) ?? 0);
}

const timeoutRule = {
  error: 'timeout must be shorter than interval',
  path: ['timeout'],
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

const httpMonitorSchema = z
  .strictObject({
    ...probeFields,
    type: z.literal('http'),
    url: httpUrlSchema,
    method: z.enum(['GET', 'HEAD', 'POST', 'OPTIONS']).default('GET'),
    expected_status: z.int().min(100).max(599).default(200),
    keyword: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Text the response body must contain.' }),
  })
  .refine(timeoutBelowInterval, timeoutRule);

const tcpMonitorSchema = z
  .strictObject({
    ...probeFields,
    type: z.literal('tcp'),
    host: z.string().regex(/^[A-Za-z0-9.-]+$/, { error: 'must be a host name or IP address' }),
    port: z.int().min(1).max(65_535),
  })
  .refine(timeoutBelowInterval, timeoutRule);

const monitorSchema = z.discriminatedUnion('type', [httpMonitorSchema, tcpMonitorSchema]);

export const monitorsSchema = z
  .array(monitorSchema)
  .default([])
  .meta({ description: 'Probes; at least one must check venture.production_url.' });
