/** Driving launches through go → live for the scale tests and benchmarks. */
import type { Clock } from '../../src/clock/clock.ts';
import type { ReceivedRequest } from '../../src/connectors/testing/fake-vendor.ts';
import { releaseDueWork } from '../../src/jobs/due-work.ts';
import type { AnyJobKind } from '../../src/jobs/job-kind.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { declareLaunchLive } from '../../src/launch/deploy.ts';
import { decideGoNoGo } from '../../src/launch/go-no-go.ts';
import { createLaunch, findLaunchRow } from '../../src/launch/launch-service.ts';
import { moveLaunch } from '../../src/launch/launch-transition.ts';
import type { Db } from '../../src/store/database.ts';
import { manyActivationsPlanYaml } from './scale-plans.ts';
import { fileClock, setFileClock } from './shared-clock.ts';

/**
 * Creates a launch from `planYaml` and gives the LEAD's go (gates overridden: they are not under
 * test), which schedules its activations. Its milestones and reports are dropped: only the
 * marketing schedule runs. Needs the launch collaborators set.
 *
 * @example
 * const launchId = await createLaunchWithGo(db, clock, yaml);
 */
export async function createLaunchWithGo(db: Db, clock: Clock, planYaml: string): Promise<string> {
  const { launch } = await createLaunch({ db, clock }, { planYaml, actor: 'token:lead' });
  await db.deleteFrom('scheduled_work').where('launch_id', '=', launch.id).execute();
  await decideGoNoGo(
    { db, clock },
    { launchId: launch.id, actor: 'token:lead', decision: 'go', overrideReason: 'scale test' },
  );
  return launch.id;
}

/**
 * Declares the product live as the deploy handler does (`launch.executing` → `launch.live`,
 * `live_at` now, activations armed), in one transaction.
 *
 * @example
 * await declareLive(db, clock, launchId);
 */
export async function declareLive(db: Db, clock: Clock, launchId: string): Promise<void> {
  const launch = await findLaunchRow(db, launchId);
  await db.transaction().execute((trx) =>
    moveLaunch(trx, clock, launch, {
      to: 'executing',
      actor: 'system',
      action: 'launch.executing',
    }),
  );
  await declareLaunchLive(db, clock, { launchId, runId: `scale:${launchId}` });
}

/**
 * Releases every piece of work due at `clock.now()` to the queue (workers elsewhere run it).
 *
 * @example
 * await releaseAllDue(db, queue, clock, kinds);
 */
export async function releaseAllDue(
  db: Db,
  queue: JobQueue,
  clock: Clock,
  kinds: AnyJobKind[],
): Promise<void> {
  const byName = new Map(kinds.map((kind) => [kind.name, kind]));
  while ((await releaseDueWork(db, queue, clock, byName)) > 0) {
    // full batches: keep releasing
  }
}

/**
 * How many times each ledger key reached the vendor: SendGrid mails by `custom_args`, webhook
 * posts by `X-LaunchCrew-Event-Id`.
 *
 * @example
 * keyCounts(vendor.received).get(`activation:${launchId}:a000`); // 1
 */
export function keyCounts(received: ReceivedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of received) {
    const key = request.path.endsWith('/v3/mail/send')
      ? (JSON.parse(request.body) as { custom_args: { launchcrew_key: string } }).custom_args
          .launchcrew_key
      : request.headers['x-launchcrew-event-id'];
    if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * A launch with `count` activations (e-mail to `vendorUrl`'s SendGrid, chat to its `/hook`) and
 * a go, on a clock kept in `clockFile` — set to `startAt` — that worker processes read too; the
 * queue of this process releases due work and supervises, the workers run the jobs.
 *
 * @example
 * const { clock, queue, launchId } = await startSharedClockLaunch({ db, url, clockFile, startAt, kinds, count: 200, vendorUrl });
 */
export async function startSharedClockLaunch(input: {
  db: Db;
  url: string;
  clockFile: string;
  startAt: Date;
  kinds: AnyJobKind[];
  count: number;
  vendorUrl: string;
}): Promise<{ clock: Clock; queue: JobQueue; launchId: string }> {
  setFileClock(input.clockFile, input.startAt);
  const clock = fileClock(input.clockFile);
  const queue = await JobQueue.open({
    url: input.url,
    db: input.db,
    clock,
    kinds: input.kinds,
    supervise: true,
    superviseIntervalSeconds: 1,
  });
  const planYaml = manyActivationsPlanYaml({
    count: input.count,
    sendgridUrl: input.vendorUrl,
    webhookUrl: `${input.vendorUrl}/hook`,
  });
  return { clock, queue, launchId: await createLaunchWithGo(input.db, clock, planYaml) };
}
