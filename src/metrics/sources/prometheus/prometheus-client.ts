/**
 * A client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`). Answers are
 * `{status:'success', data:{resultType, result}}`; errors `{status:'error', errorType, error}`.
 * 400/422 (a bad or failing query) are `VendorRejectedError`; 5xx, timeouts and network faults
 * are retried with backoff and then thrown as `OperationalError`.
 */
import { z } from 'zod';
import {
  defaultRetryPolicy,
  fetchWithRetry,
  type RetryPolicy,
  VendorRejectedError,
} from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';

const sampleSchema = z.tuple([z.number(), z.string()]);
const labelsSchema = z.record(z.string(), z.string());

const dataSchema = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.object({ metric: labelsSchema, value: sampleSchema })),
  }),
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labelsSchema, values: z.array(sampleSchema) })),
  }),
  z.object({ resultType: z.literal('scalar'), result: sampleSchema }),
  z.object({ resultType: z.literal('string'), result: sampleSchema }),
]);

const answerSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: dataSchema }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

/** The `data` of a successful query: an instant vector, a range matrix, a scalar or a string. */
export type PrometheusData = z.infer<typeof dataSchema>;

/** Where Prometheus is and how to reach it. */
export interface PrometheusClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when given (managed Prometheus); read per request. */
  bearerToken?: () => string;
  retry?: Partial<RetryPolicy>;
}

/** Instant and range queries in PromQL. */
export interface PrometheusClient {
  query(promql: string, time: Date): Promise<PrometheusData>;
  queryRange(
    promql: string,
    range: { start: Date; end: Date; stepSeconds: number },
  ): Promise<PrometheusData>;
  /** `/api/v1/status/buildinfo`: the server's version (a connection test). */
  buildInfo(): Promise<{ version: string }>;
}

/**
 * Creates a Prometheus API client.
 *
 * @example
 * const prometheus = createPrometheusClient({ baseUrl: 'http://127.0.0.1:9090' });
 * const data = await prometheus.query('sum(up)', clock.now());
 */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const base = options.baseUrl.replace(/\/+$/, '');

  const get = async (path: string, params: Record<string, string>): Promise<unknown> => {
    const url = `${base}${path}?${new URLSearchParams(params)}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken()}`;
    const answer = await fetchWithRetry({ vendor: 'prometheus', url, headers }, policy);
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      if (answer.status >= 400) throw new VendorRejectedError('prometheus', answer.status, '');
      throw new OperationalError(`prometheus: answer to ${path} is not JSON`);
    }
    if (answer.status >= 400) {
      const error = z.object({ errorType: z.string(), error: z.string() }).safeParse(json);
      const detail = error.success ? `${error.data.errorType}: ${error.data.error}` : '';
      throw new VendorRejectedError('prometheus', answer.status, detail);
    }
    return json;
  };

  const dataOf = async (path: string, params: Record<string, string>) => {
    const parsed = answerSchema.safeParse(await get(path, params));
    if (!parsed.success) throw new OperationalError(`prometheus: unexpected answer from ${path}`);
    if (parsed.data.status === 'error') {
      throw new VendorRejectedError(
        'prometheus',
        200,
        `${parsed.data.errorType}: ${parsed.data.error}`,
      );
    }
    return parsed.data.data;
  };

  return {
    query: (promql, time) => dataOf('/api/v1/query', { query: promql, time: unixSeconds(time) }),
    queryRange: (promql, range) =>
      dataOf('/api/v1/query_range', {
        query: promql,
        start: unixSeconds(range.start),
        end: unixSeconds(range.end),
        step: String(range.stepSeconds),
      }),
    async buildInfo() {
      const parsed = z
        .object({ data: z.object({ version: z.string() }) })
        .safeParse(await get('/api/v1/status/buildinfo', {}));
      if (!parsed.success) throw new OperationalError('prometheus: unexpected buildinfo answer');
      return { version: parsed.data.data.version };
    },
  };
}

function unixSeconds(time: Date): string {
  return (time.getTime() / 1000).toFixed(3);
}
