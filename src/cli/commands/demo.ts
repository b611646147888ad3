import type { Command } from 'commander';
import { jobKinds } from '../../app/job-kinds.ts';
import { listAudit } from '../../audit/audit-log.ts';
import { SimulatedClock, systemClock } from '../../clock/clock.ts';
import { listDeliveries } from '../../deliveries/delivery-ledger.ts';
import { runSchedule } from '../../jobs/due-work-controller.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { createLaunch } from '../../launch/launch-service.ts';
import { launchMetricReader } from '../../metrics/launch-metric-reader.ts';
import { renderPlan } from '../../plan/init/render-plan.ts';
import { isPresetName, presetNames } from '../../plan/presets.ts';
import { channelReportSender } from '../../reports/channel-report-sender.ts';
import { setReportDependencies } from '../../reports/report-dependencies.ts';
import { triggerStatesFromEvaluations } from '../../reports/trigger-summaries.ts';
import { UserError } from '../../shared/errors.ts';
import { type CommandIo, exitCodes, printResult } from '../output.ts';
import { withStore } from '../with-store.ts';

const DAY = 86_400_000;

/**
 * `launchcrew demo`: creates a launch from a preset's sample plan and replays its whole timeline
 * (freeze, T0, the monitoring window) on a simulated clock, with the same jobs `up` runs.
 */
export function registerDemoCommand(
  program: Command,
  io: CommandIo,
  exit: (code: number) => void,
): void {
  program
    .command('demo')
    .description('Create a sample launch and replay its timeline on a simulated clock in seconds')
    .option('--preset <name>', `one of ${presetNames.join(', ')}`, 'b2b_saas_launch')
    .option('--json', 'print the replayed timeline as JSON')
    .action(async (options: { preset: string; json?: boolean }) => {
      if (!isPresetName(options.preset)) {
        throw new UserError('invalid_option', `--preset must be one of ${presetNames.join(', ')}`, {
          path: ['preset'],
        });
      }
      const preset = options.preset;
      const timeline = await withStore(io, async (store) => {
        const planYaml = renderPlan(preset, {
          now: systemClock.now(),
          schemaRef: 'launch-plan.schema.json',
        });
        const clock = new SimulatedClock(systemClock.now());
        const { launch } = await createLaunch(
          { db: store.db, clock },
          { planYaml, fileName: `demo-${preset}.yaml`, actor: 'demo' },
        );
        io.err(
          `launch ${launch.id} for ${launch.ventureName}: T0 ${launch.t0}; replaying its timeline…`,
        );
        const queue = await JobQueue.open({ url: store.url, db: store.db, clock, kinds: jobKinds });
        setReportDependencies({
          metrics: launchMetricReader(store.db, process.env),
          sender: channelReportSender(process.env, clock),
          triggerStates: triggerStatesFromEvaluations(store.db),
        });
        try {
          await queue.startWorkers();
          const t0 = new Date(launch.t0).getTime();
          await runSchedule(
            { db: store.db, queue, kinds: jobKinds },
            clock,
            new Date(t0 + 31 * DAY),
            {
              launchId: launch.id,
              onStep: (step) =>
                io.err(
                  `  ${formatFromT0(step.at.getTime() - t0).padEnd(10)} ${step.at.toISOString()}  ${step.released} job(s)`,
                ),
            },
          );
        } finally {
          setReportDependencies(null);
          await queue.stop();
        }
        const reached = (
          await listAudit(store.db, { launchId: launch.id, action: 'launch.milestone' })
        ).reverse();
        const deliveries = await listDeliveries(store.db, launch.id);
        return {
          launchId: launch.id,
          reports: {
            rendered: deliveries.filter((d) => d.key.endsWith(':chat')).length,
            sent: deliveries.filter((d) => d.state === 'sent').length,
            notSent: [
              ...new Set(
                deliveries.filter((d) => d.state !== 'sent').map((d) => d.error ?? d.state),
              ),
            ],
          },
          milestones: reached.map((e) => ({
            milestone: (e.detail as { milestone: string }).milestone,
            at: new Date(e.at).toISOString(),
          })),
        };
      });
      printResult(io, options.json === true, timeline, (t) =>
        [
          `launch ${t.launchId}: ${t.milestones.length} milestones reached`,
          ...t.milestones.map((m) => `  ${m.at}  ${m.milestone}`),
          `${t.reports.rendered} reports (chat + e-mail); ${t.reports.sent} deliveries sent`,
          ...t.reports.notSent.map((reason) => `  not sent: ${reason}`),
        ].join('\n'),
      );
      exit(exitCodes.ok);
    });
}

function formatFromT0(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return hours === 0 ? 'T0' : `T${hours > 0 ? '+' : '-'}${Math.abs(hours)}h`;
}
