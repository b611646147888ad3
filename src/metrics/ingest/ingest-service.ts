import type { Clock } from '../../clock/clock.ts';
import type { Db } from '../../store/database.ts';
import { insertSamples } from '../samples/sample-store.ts';
import { InvalidBatchError, singleItemBody, splitBatchBody } from './batch-body.ts';
import { insertTrackedEvents } from './event-store.ts';
import { type IngestPrincipal, resolveIngestLaunch } from './ingest-keys.ts';
import { validateSamples } from './sample-validation.ts';
import { type SegmentCall, type SegmentCallType, validateSegmentCalls } from './segment-calls.ts';

/** What ingestion needs. */
export interface IngestDeps {
  db: Db;
  clock: Clock;
}

/** A raw ingest request body. */
export interface IngestBody {
  text: string;
  contentType: string | undefined;
}

/**
 * Validates and stores a `/v1/metrics` batch as a whole: any bad item → `InvalidBatchError`
 * listing every bad item and nothing stored; otherwise samples and rollup commit together. The
 * launch is `launchId` (query or body `launch_id`) or the venture's current launch.
 *
 * @example
 * const { accepted } = await ingestSamples(deps, principal, { text, contentType: 'application/json' });
 */
export async function ingestSamples(
  deps: IngestDeps,
  principal: IngestPrincipal,
  body: IngestBody,
  launchId?: string,
): Promise<{ launchId: string; accepted: number }> {
  const batch = splitBatchBody(body.text, body.contentType, 'samples');
  const { samples, errors } = validateSamples(batch, deps.clock.now());
  if (errors.length > 0) throw new InvalidBatchError(errors);
  const explicit = launchId ?? stringOrUndefined(batch.envelope.launch_id);
  const target = await resolveIngestLaunch(deps.db, principal.ventureId, explicit);
  // One statement (samples and rollup in one CTE): atomic without an explicit transaction.
  await insertSamples(deps.db, target, samples);
  return { launchId: target, accepted: samples.length };
}

/**
 * Validates and stores Segment calls (one call, or a `batch`) as a whole, in one transaction.
 * Calls go to `context.launch_id` when given, else the venture's current launch; a repeated
 * `messageId` stores nothing. Returns how many calls were new.
 *
 * @example
 * await ingestSegmentCalls(deps, principal, 'track', { text, contentType: 'application/json' });
 */
export async function ingestSegmentCalls(
  deps: IngestDeps,
  principal: IngestPrincipal,
  endpoint: SegmentCallType | 'batch',
  body: IngestBody,
): Promise<{ received: number; stored: number }> {
  const batch =
    endpoint === 'batch'
      ? splitBatchBody(body.text, body.contentType, 'batch')
      : singleItemBody(body.text);
  const now = deps.clock.now();
  const { calls, errors } = validateSegmentCalls(batch, endpoint, now);
  if (errors.length > 0) throw new InvalidBatchError(errors);
  const byLaunch = new Map<string | undefined, SegmentCall[]>();
  for (const call of calls) {
    const group = byLaunch.get(call.launchId);
    if (group) group.push(call);
    else byLaunch.set(call.launchId, [call]);
  }
  const targets = await Promise.all(
    [...byLaunch.keys()].map(async (explicit) => ({
      explicit,
      launchId: await resolveIngestLaunch(deps.db, principal.ventureId, explicit),
    })),
  );
  const stored = await deps.db.transaction().execute(async (trx) => {
    let count = 0;
    for (const { explicit, launchId } of targets)
      count += await insertTrackedEvents(trx, launchId, byLaunch.get(explicit) ?? [], now);
    return count;
  });
  return { received: calls.length, stored };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
