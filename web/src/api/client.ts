import type { Caller } from './types.ts';

/** An error answer of the API, with its `{error:{code,message}}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the API with the signed-in token in the Authorization header (never a cookie). */
export interface ApiClient {
  readonly token: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/**
 * An API client for `token`.
 *
 * @example
 * const api = createApiClient(token);
 * const me = await api.get<Caller>('/v1/me');
 */
export function createApiClient(token: string): ApiClient {
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
    const text = await response.text();
    const parsed = text ? safeJson(text) : null;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `http_${response.status}`,
        error?.message ?? (text || response.statusText),
      );
    }
    return parsed as T;
  };
  return {
    token,
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body ?? {}),
  };
}

/**
 * Checks `token` against `GET /v1/me`; throws `ApiError` 401 when it is not valid.
 *
 * @example
 * const caller = await whoAmI(createApiClient(token));
 */
export function whoAmI(api: ApiClient): Promise<Caller> {
  return api.get<Caller>('/v1/me');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
