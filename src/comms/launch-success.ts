/**
 * Launch success announcements (SPEC §3, LAUNCH-004): the team on chat, investors and a thank-you
 * to early adopters by e-mail, as the plan's `communications.success` says, each exactly once
 * (`comms:<launchId>:success:<audience>:<connectorId>`).
 */
import { z } from 'zod';
import type { SecretEnv } from '../connectors/connector-secrets.ts';
import { defineJob } from '../jobs/job-kind.ts';
import type { LaunchPlan } from '../plan/schema.ts';
import type { DbExecutor } from '../store/database.ts';
import { deliverComms, openMessageChannel, throwIfRetrying } from './comms-delivery.ts';
import { communicationsOf, recipientsOf } from './comms-recipients.ts';
import { renderComms } from './comms-templates.ts';
import type { CommsDeps } from './incident-updates.ts';

const successAudiences = ['internal', 'investors', 'early_adopters'] as const;

/**
 * Creates the `comms.success` job kind; connector secrets are read from `env` at send time.
 *
 * @example
 * const job = createLaunchSuccessJob({ env: process.env });
 */
export function createLaunchSuccessJob(options: { env: SecretEnv }) {
  return defineJob({
    name: 'comms.success',
    payload: z.object({ launchId: z.uuid(), validatedAt: z.iso.datetime() }),
    run: async ({ launchId, validatedAt }, context) => {
      const launch = await context.db
        .selectFrom('launches')
        .innerJoin('ventures', 'ventures.id', 'launches.venture_id')
        .select(['launches.plan', 'launches.t0', 'ventures.id as venture_id', 'ventures.name'])
        .where('launches.id', '=', launchId)
        .executeTakeFirst();
      const plan = launch?.plan as LaunchPlan | undefined;
      const settings = plan ? communicationsOf(plan)?.success : undefined;
      if (!launch || !plan || !settings) return;
      const model = {
        venture: { id: launch.venture_id, name: launch.name },
        launch: { id: launchId, t0: new Date(launch.t0).toISOString(), validated_at: validatedAt },
      };
      const sends = successAudiences.flatMap((audience) => {
        const wanted = settings[audience];
        if (!wanted) return [];
        const kind = audience === 'internal' ? 'chat' : 'email';
        const key = `comms:${launchId}:success:${audience}:${wanted.connector ?? kind}`;
        return [
          deliverComms(context, { key, channel: kind, launchId }, async () => {
            const { subject, text } = await renderComms(
              plan.templates ?? [],
              { templateId: wanted.template, builtIn: `success/${audience}` },
              model,
            );
            const channel = await openMessageChannel(plan, kind, wanted.connector, options.env);
            const prepared = channel.prepareMessage({
              id: key,
              title: subject || `${launch.name} launch succeeded`,
              text,
              recipients: recipientsOf(plan, wanted),
              sentAt: context.clock.now(),
            });
            return { request: { audience, ...prepared.request }, send: prepared.send };
          }),
        ];
      });
      throwIfRetrying(`launch ${launchId} success`, await Promise.allSettled(sends));
    },
  });
}

/** The job kind the worker runs (secrets from `process.env`). */
export const launchSuccessJob = createLaunchSuccessJob({ env: process.env });

/**
 * Enqueues the success announcements of a launch in `executor`'s transaction (once per launch).
 *
 * @example
 * await announceLaunchSuccess(trx, { clock, jobs }, { launchId });
 */
export async function announceLaunchSuccess(
  executor: DbExecutor,
  deps: CommsDeps,
  input: { launchId: string; at?: Date },
): Promise<void> {
  await deps.jobs.enqueue(
    executor,
    launchSuccessJob,
    { launchId: input.launchId, validatedAt: (input.at ?? deps.clock.now()).toISOString() },
    { singletonKey: `comms.success:${input.launchId}` },
  );
}
