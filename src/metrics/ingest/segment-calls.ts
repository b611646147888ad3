import { randomUUID } from 'node:crypto';
import { type BatchBody, type ItemError, isRecord } from './batch-body.ts';
import { maxFutureSkewMs } from './sample-validation.ts';

/** Segment call types LaunchCrew stores. */
export type SegmentCallType = 'track' | 'identify' | 'page';
const callTypes: readonly string[] = ['track', 'identify', 'page'];
const maxCallBytes = 32 * 1024;

/** A validated Segment call, ready to store. */
export interface SegmentCall {
  type: SegmentCallType;
  userId: string | null;
  anonymousId: string | null;
  event: string | null;
  /** `properties` of track/page, `traits` of identify. */
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  ts: Date;
  messageId: string;
  /** `context.launch_id`, when the sender targets a launch explicitly. */
  launchId: string | undefined;
}

/**
 * Validates Segment HTTP API calls (`track`, `identify`, `page`, or a `batch` of them): a
 * `userId` or `anonymousId`, `event` for track, objects for `properties`/`traits`/`context`, a
 * `timestamp` at most 5 minutes ahead (default `now`), ≤ 32 KB per call. A batch's top-level
 * `context` is merged under each call's. Calls without `messageId` get a random one.
 *
 * @example
 * const { calls, errors } = validateSegmentCalls(splitBatchBody(text, type, 'batch'), 'batch', clock.now());
 */
export function validateSegmentCalls(
  body: BatchBody,
  endpoint: SegmentCallType | 'batch',
  now: Date,
): { calls: SegmentCall[]; errors: ItemError[] } {
  const calls: SegmentCall[] = [];
  const errors: ItemError[] = [...body.errors];
  const sharedContext = isRecord(body.envelope.context) ? body.envelope.context : {};
  for (const { index, value } of body.items) {
    const path = body.pathOf(index);
    const result = validateCall(value, endpoint, sharedContext, now);
    if ('call' in result) calls.push(result.call);
    else errors.push({ index, path: [...path, ...result.path], message: result.message });
  }
  errors.sort((a, b) => a.index - b.index);
  return { calls, errors };
}

type Failure = { path: string[]; message: string };

function validateCall(
  raw: unknown,
  endpoint: SegmentCallType | 'batch',
  sharedContext: Record<string, unknown>,
  now: Date,
): { call: SegmentCall } | Failure {
  if (!isRecord(raw)) return { path: [], message: 'a call must be a JSON object' };
  if (Buffer.byteLength(JSON.stringify(raw)) > maxCallBytes) {
    return { path: [], message: `a call takes at most ${maxCallBytes} bytes` };
  }
  const type = endpoint === 'batch' ? raw.type : endpoint;
  if (typeof type !== 'string' || !callTypes.includes(type)) {
    return { path: ['type'], message: `type must be one of ${callTypes.join(', ')}` };
  }
  const userId = optionalId(raw.userId);
  const anonymousId = optionalId(raw.anonymousId);
  if (userId === undefined || anonymousId === undefined) {
    return { path: ['userId'], message: 'userId and anonymousId must be strings or numbers' };
  }
  if (userId === null && anonymousId === null) {
    return { path: ['userId'], message: 'a userId or an anonymousId is required' };
  }
  const event = type === 'track' ? raw.event : type === 'page' ? (raw.name ?? null) : null;
  if (type === 'track' && (typeof event !== 'string' || event.trim() === '')) {
    return { path: ['event'], message: 'track calls need an event name' };
  }
  if (event !== null && typeof event !== 'string') {
    return { path: ['name'], message: 'name must be a string' };
  }
  const propertiesKey = type === 'identify' ? 'traits' : 'properties';
  const properties = raw[propertiesKey] ?? {};
  if (!isRecord(properties))
    return { path: [propertiesKey], message: `${propertiesKey} must be an object` };
  const context = raw.context ?? {};
  if (!isRecord(context)) return { path: ['context'], message: 'context must be an object' };
  const ts = parseTimestamp(raw.timestamp, now);
  if (typeof ts === 'string') return { path: ['timestamp'], message: ts };
  const messageId = raw.messageId ?? randomUUID();
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 200) {
    return { path: ['messageId'], message: 'messageId must be a string of 1–200 characters' };
  }
  const merged = { ...sharedContext, ...context };
  const launchId = merged.launch_id;
  if (launchId !== undefined && typeof launchId !== 'string') {
    return { path: ['context', 'launch_id'], message: 'context.launch_id must be a string' };
  }
  return {
    call: {
      type: type as SegmentCallType,
      userId,
      anonymousId,
      event,
      properties,
      context: merged,
      ts,
      messageId,
      launchId,
    },
  };
}

/** null when absent, undefined when of the wrong type. */
function optionalId(raw: unknown): string | null | undefined {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string' && raw.length > 0 && raw.length <= 200) return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

function parseTimestamp(raw: unknown, now: Date): Date | string {
  if (raw === undefined || raw === null) return now;
  const ts = typeof raw === 'string' && /^\d{4}-\d\d-\d\dT/.test(raw) ? new Date(raw) : null;
  if (!ts || Number.isNaN(ts.getTime())) return 'timestamp must be an ISO 8601 date-time';
  if (ts.getTime() - now.getTime() > maxFutureSkewMs) {
    return `timestamp ${ts.toISOString()} is more than 5 min in the future (check the sender's clock)`;
  }
  return ts;
}
