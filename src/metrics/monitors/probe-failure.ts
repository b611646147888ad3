/** Maps Node network and TLS errors to the fixed set of probe failure reasons. */
import type { ProbeFailureReason, ProbeOutcome } from './monitor-spec.ts';

const reasonByCode: Readonly<Record<string, ProbeFailureReason>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ERR_STREAM_PREMATURE_CLOSE: 'reset',
  ETIMEDOUT: 'timeout',
  EPROTO: 'tls',
};

/** OpenSSL verification codes Node reports for a certificate it does not trust. */
const tlsCodePattern = /^(?:ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_)/;

/**
 * The failure reason of a network error (by its `code`), `other` when it is none of the known.
 *
 * @example
 * reasonOfError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // 'refused'
 */
export function reasonOfError(error: unknown): ProbeFailureReason {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'other';
  const known = reasonByCode[code];
  if (known) return known;
  return tlsCodePattern.test(code) ? 'tls' : 'other';
}

/**
 * A failed outcome for `error`, its message prefixed with the error code when there is one.
 *
 * @example
 * failureOf(error, null); // { ok: false, reason: 'dns', message: 'ENOTFOUND: getaddrinfo …', latencyMs: null }
 */
export function failureOf(error: unknown, latencyMs: number | null): ProbeOutcome {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  const message = typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
  return { ok: false, reason: reasonOfError(error), message: message.slice(0, 500), latencyMs };
}

/** A failed outcome with an explicit reason. */
export function failure(
  reason: ProbeFailureReason,
  message: string,
  latencyMs: number | null,
): ProbeOutcome {
  return { ok: false, reason, message: message.slice(0, 500), latencyMs };
}
