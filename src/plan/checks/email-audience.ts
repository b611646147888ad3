/** With the e-mail campaign on, at least one e-mail activation must reach a non-empty audience. */
import type { Finding } from '../problem.ts';
import type { LaunchPlan } from '../schema.ts';
import type { CheckContext } from './check.ts';

type Audience = LaunchPlan['audiences'][number];

/** True unless the audience is known to be empty (no members, or an expected size of 0). */
function isNonEmptyAudience(audience: Audience): boolean {
  return audience.kind === 'inline' ? audience.members.length > 0 : audience.expected_size !== 0;
}

/**
 * Errors when `email_campaign_enabled` is true and no e-mail activation has a non-empty
 * audience, and for each e-mail activation without one.
 *
 * @example
 * checkEmailAudience(context); // [{ code: 'email_audience_missing', path: ['activations'], … }]
 */
export function checkEmailAudience({ plan, parameters }: CheckContext): Finding[] {
  if (!parameters?.email_campaign_enabled || !plan.activations || !plan.audiences) return [];
  const audiences = new Map(plan.audiences.map((audience) => [audience.id, audience]));
  const findings: Finding[] = [];
  let reachable = 0;
  plan.activations.forEach((activation, index) => {
    if (activation.channel !== 'email') return;
    const audience =
      activation.audience === undefined ? undefined : audiences.get(activation.audience);
    if (audience && isNonEmptyAudience(audience)) {
      reachable++;
    } else if (activation.audience === undefined || audience) {
      findings.push({
        severity: 'error',
        path: ['activations', index, 'audience'],
        code: 'email_audience_empty',
        message: audience
          ? `audience '${audience.id}' is empty, so this e-mail reaches nobody`
          : 'an e-mail activation needs an audience',
      });
    }
  });
  if (reachable === 0) {
    findings.push({
      severity: 'error',
      path: ['activations'],
      code: 'email_audience_missing',
      message:
        'email_campaign_enabled is true but no e-mail activation has a non-empty audience; add one or set email_campaign_enabled: false',
    });
  }
  return findings;
}
