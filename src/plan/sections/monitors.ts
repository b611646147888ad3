/** Synthetic probes LaunchCrew runs itself: HTTP(S) and TCP. */
import { z } from 'zod';
import { parseDuration } from '../durations.ts';
import { durationSchema, envVarNameSchema, idSchema, offsetSchema } from '../fields.ts';

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

/** Header names whose values are credentials: they may only come from `headers_env`. */
const secretHeaderNames = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, {
  error: 'must be an HTTP header name, e.g. "X-Check"',
});

/** A probe may also target an IPv4 address or localhost (internal health endpoints). */
const monitorUrlSchema = z.url({
  protocol: /^https?$/,
  hostname: new RegExp(`${z.regexes.domain.source}|${z.regexes.ipv4.source}|^localhost$`),
  error:
    'must be an http(s) URL with a host name or IPv4 address, e.g. "https://acme.example/health"',
});

const httpMonitorSchema = z
  .strictObject({
    ...probeFields,
    type: z.literal('http'),
    url: monitorUrlSchema,
    method: z.enum(['GET', 'HEAD', 'POST', 'OPTIONS']).default('GET'),
    expected_status: z.int().min(100).max(599).default(200),
    keyword: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Text the first MiB of the response body must contain.' }),
    headers: z.record(headerNameSchema, z.string().max(4096)).optional().meta({
      description: 'Request headers with non-secret values, e.g. {"Accept": "text/html"}.',
    }),
    headers_env: z.record(headerNameSchema, envVarNameSchema).optional().meta({
      description:
        'Request headers whose values are secrets, each naming the environment variable that holds it, e.g. {"Authorization": "STATUS_TOKEN"}.',
    }),
    body: z.string().max(65_536).optional().meta({
      description:
        'Request body; only with method POST. Sent as application/json unless headers set Content-Type.',
    }),
  })
  .refine(timeoutBelowInterval, timeoutRule)
  .refine((probe) => probe.body === undefined || probe.method === 'POST', {
    error: 'body is only sent with method POST',
    path: ['body'],
  })
  .refine(
    (probe) =>
      Object.keys(probe.headers ?? {}).every((name) => !secretHeaderNames.has(name.toLowerCase())),
    {
      error: 'credential headers (Authorization, Cookie, X-API-Key) must come from headers_env',
      path: ['headers'],
    },
  );

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
