/**
 * A client for Datadog's metrics query API v1: `GET /api/v1/query?from&to&query` with the
 * `DD-API-KEY` and `DD-APPLICATION-KEY` headers. Answers `{status:'ok', series:[{metric, scope,
 * pointlist:[[ms, value|null], …]}], …}`; errors `{errors:[…]}` with 4xx (refused) or 5xx
 * (retried, then `OperationalError`).
 */
import { z } from 'zod';
import {
  defaultRetryPolicy,
  fetchWithRetry,
  type RetryPolicy,
  VendorRejectedError,
} from '../../../connectors/vendor-http.ts';
import { OperationalError } from '../../../shared/errors.ts';

const seriesSchema = z.object({
  metric: z.string().optional(),
  scope: z.string().optional(),
  pointlist: z.array(z.tuple([z.number(), z.number().nullable()])),
});

const queryAnswerSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
  series: z.array(seriesSchema).default([]),
});

/** One series of a query answer. */
export type DatadogSeries = z.infer<typeof seriesSchema>;

/** Where Datadog is and the keys to call it with (read from the environment by the caller). */
export interface DatadogClientOptions {
  /** `https://api.datadoghq.com`, `https://api.datadoghq.eu`, … */
  apiUrl: string;
  keys: () => { apiKey: string; applicationKey: string };
  retry?: Partial<RetryPolicy>;
}

/** Timeseries queries and the key check. */
export interface DatadogClient {
  query(query: string, range: { from: Date; to: Date }): Promise<DatadogSeries[]>;
  /** `GET /api/v1/validate`: whether the API key is valid (a connection test). */
  validate(): Promise<boolean>;
}

/**
 * Creates a Datadog metrics client. `keys` is called per request, so secrets are read from the
 * environment when used and never kept.
 *
 * @example
 * const datadog = createDatadogClient({ apiUrl: 'https://api.datadoghq.com', keys });
 * const series = await datadog.query('avg:trace.http.request.errors{service:web}', { from, to });
 */
export function createDatadogClient(options: DatadogClientOptions): DatadogClient {
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const base = options.apiUrl.replace(/\/+$/, '');

  const get = async (path: string, params: Record<string, string>) => {
    const { apiKey, applicationKey } = options.keys();
    const query = new URLSearchParams(params).toString();
    const answer = await fetchWithRetry(
      {
        vendor: 'datadog',
        url: `${base}${path}${query ? `?${query}` : ''}`,
        headers: {
          accept: 'application/json',
          'DD-API-KEY': apiKey,
          'DD-APPLICATION-KEY': applicationKey,
        },
      },
      policy,
    );
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      json = undefined;
    }
    if (answer.status >= 400) {
      const errors = z.object({ errors: z.array(z.string()) }).safeParse(json);
      throw new VendorRejectedError(
        'datadog',
        answer.status,
        errors.success ? errors.data.errors.join('; ') : '',
      );
    }
    if (json === undefined) throw new OperationalError(`datadog: answer to ${path} is not JSON`);
    return json;
  };

  return {
    async query(query, range) {
      const parsed = queryAnswerSchema.safeParse(
        await get('/api/v1/query', {
          from: String(Math.floor(range.from.getTime() / 1000)),
          to: String(Math.floor(range.to.getTime() / 1000)),
          query,
        }),
      );
      if (!parsed.success) throw new OperationalError('datadog: unexpected query answer');
      if (parsed.data.status !== 'ok') {
        throw new VendorRejectedError('datadog', 200, parsed.data.error ?? parsed.data.status);
      }
      return parsed.data.series;
    },
    async validate() {
      const parsed = z.object({ valid: z.boolean() }).safeParse(await get('/api/v1/validate', {}));
      return parsed.success && parsed.data.valid;
    },
  };
}
