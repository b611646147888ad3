/** The small HTML pages of a one-time approval link: the confirmation form and the outcome. */
import type { ApprovalView } from '../incidents/incident-view.ts';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}dt{font-weight:600}textarea{width:100%}button{font-size:1rem;margin-right:.5rem}</style></head><body>${body}</body></html>`;

/**
 * The confirmation page: the evidence, and a form that POSTs the decision to the same URL
 * (opening the link decides nothing, so mail scanners that follow links cannot approve).
 *
 * @example
 * c.html(renderDecidePage(toApprovalView(approval), 'Ana Lead'));
 */
export function renderDecidePage(approval: ApprovalView, personName: string): string {
  const evidence = Object.entries(approval.evidence)
    .map(
      ([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(JSON.stringify(value))}</dd>`,
    )
    .join('');
  const action = approval.action === 'rollback' ? 'Roll back' : 'Pause marketing';
  return page(
    `${action}? (${approval.severity})`,
    `<h1>${action}? <small>${approval.severity}</small></h1>
<p>${escapeHtml(personName)}, LaunchCrew proposes this action. Decide before ${escapeHtml(approval.deadlineAt)} (then: ${approval.onTimeout}).</p>
<dl>${evidence}</dl>
<form method="post">
<label for="reason">Reason (required to reject)</label><textarea id="reason" name="reason" rows="3"></textarea>
<p><button name="decision" value="approve">Approve</button><button name="decision" value="reject">Reject</button></p>
</form>`,
  );
}

/**
 * The page after deciding (or after a refused link).
 *
 * @example
 * c.html(renderDecisionOutcome('Approved', 'The rollback has started.'), 200);
 */
export function renderDecisionOutcome(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
