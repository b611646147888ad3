import { type FormEvent, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Approval, Caller, Incident } from '../api/types.ts';
import { formatTime, humanize } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { Evidence } from './evidence.tsx';
import { mayAct, useLaunchEvents } from './launch-events.ts';

const incidentStates: Incident['state'][] = [
  'triggered',
  'acknowledged',
  'mitigating',
  'monitoring',
  'resolved',
];

/** A runbook run as followed from live `runbook` events. */
interface RunProgress {
  runbookId: string | null;
  state: string;
  steps: Array<{ id: string; state: string }>;
}

/**
 * Incidents of the launch with their progress, the approvals proposed for them (approve, or
 * reject with a reason — buttons only for roles that may decide) and the runbook they started.
 *
 * @example
 * <IncidentsPanel api={api} caller={caller} launchId={id} />
 */
export function IncidentsPanel(props: { api: ApiClient; caller: Caller; launchId: string }) {
  const id = encodeURIComponent(props.launchId);
  const incidents = useResource(`incidents:${id}`, () =>
    props.api.get<{ incidents: Incident[] }>(`/v1/launches/${id}/incidents`),
  );
  const approvals = useResource(`approvals:${id}`, () =>
    props.api.get<{ approvals: Approval[] }>(`/v1/approvals?launchId=${id}`),
  );
  const [runs, setRuns] = useState<Record<string, RunProgress>>({});
  useLaunchEvents(['incident'], incidents.reload);
  useLaunchEvents(['approval'], () => {
    approvals.reload();
    incidents.reload();
  });
  useLaunchEvents(['runbook'], (event) => {
    const p = event.payload as {
      runId?: string;
      runbookId?: string;
      state?: string;
      stepId?: string;
      stepState?: string;
    };
    if (!p.runId) return;
    const runId = p.runId;
    setRuns((all) => {
      const run = all[runId] ?? { runbookId: null, state: 'running', steps: [] };
      const next: RunProgress = p.stepId
        ? {
            ...run,
            steps: [
              ...run.steps.filter((s) => s.id !== p.stepId),
              { id: p.stepId, state: p.stepState ?? '' },
            ],
          }
        : { ...run, runbookId: p.runbookId ?? run.runbookId, state: p.state ?? run.state };
      return { ...all, [runId]: next };
    });
  });

  const list = incidents.data?.incidents ?? [];
  return (
    <section className="panel" aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents</h2>
      {incidents.error && <p className="error">{incidents.error.message}</p>}
      {incidents.data && list.length === 0 && <p className="sub">No incident.</p>}
      {list.map((incident) => (
        <article
          key={incident.id}
          className="incident"
          data-incident-id={incident.id}
          aria-label={`${incident.severity} ${incident.triggerId}`}
        >
          <h3>
            <span className={`sev sev-${incident.severity}`}>{incident.severity}</span>{' '}
            {incident.triggerId}: {incident.title}
          </h3>
          <p className="sub">
            Opened {formatTime(incident.openedAt)} · rule {incident.ruleId}
          </p>
          <ol className="stepper" aria-label="Incident progress">
            {incidentStates.map((state) => {
              const reached =
                incidentStates.indexOf(state) <= incidentStates.indexOf(incident.state);
              return (
                <li
                  key={state}
                  className={reached ? 'reached' : undefined}
                  aria-current={state === incident.state ? 'step' : undefined}
                >
                  {humanize(state)}
                </li>
              );
            })}
          </ol>
          <p className="incident-state">
            State: <strong data-state={incident.state}>{humanize(incident.state)}</strong>
          </p>
          {(approvals.data?.approvals ?? [])
            .filter((a) => a.incidentId === incident.id)
            .map((approval) => (
              <ApprovalCard
                key={approval.id}
                api={props.api}
                caller={props.caller}
                approval={approval}
                runs={runs}
                onDecided={approvals.reload}
              />
            ))}
        </article>
      ))}
    </section>
  );
}

function ApprovalCard(props: {
  api: ApiClient;
  caller: Caller;
  approval: Approval;
  runs: Record<string, RunProgress>;
  onDecided(): void;
}) {
  const { approval } = props;
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const canDecide = (mayAct.decideApproval as readonly string[]).includes(props.caller.role);
  const reasonId = `reason-${approval.id}`;

  const decide = async (decision: 'approve' | 'reject', event?: FormEvent) => {
    event?.preventDefault();
    if (decision === 'reject' && !reason.trim()) {
      setMessage({ text: 'A reason is required to reject.', error: true });
      return;
    }
    setBusy(true);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      const answer = await props.api.post<{ approval: { result: { runId?: string } | null } }>(
        `/v1/approvals/${encodeURIComponent(approval.id)}/${decision}`,
        body,
      );
      setRunId(answer.approval.result?.runId ?? null);
      setMessage({
        text: decision === 'approve' ? 'Approved: the runbook is running.' : 'Rejected.',
        error: false,
      });
      props.onDecided();
    } catch (caught) {
      setMessage({ text: caught instanceof Error ? caught.message : String(caught), error: true });
    } finally {
      setBusy(false);
    }
  };

  const startedRun = runId ?? approval.result?.runId;
  const run = typeof startedRun === 'string' ? props.runs[startedRun] : undefined;
  return (
    <div className="approval" data-approval-id={approval.id} data-action={approval.action}>
      <h4>
        {humanize(approval.action)} —{' '}
        <span data-approval-state={approval.state}>{approval.state}</span>
      </h4>
      <p className="sub">
        Proposed {formatTime(approval.proposedAt)}; deadline {formatTime(approval.deadlineAt)}
        {approval.decidedBy && ` · decided by ${approval.decidedBy}`}
        {approval.reason && ` · “${approval.reason}”`}
      </p>
      <details>
        <summary>Evidence</summary>
        <Evidence detail={approval.evidence} />
      </details>
      {approval.state === 'pending' && canDecide && (
        <form className="decide" onSubmit={(event) => void decide('reject', event)}>
          <label htmlFor={reasonId}>Reason (required to reject)</label>
          <textarea
            id={reasonId}
            value={reason}
            rows={2}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void decide('approve')}>
              Approve {humanize(approval.action)}
            </button>
            <button type="submit" className="danger" disabled={busy}>
              Reject
            </button>
          </div>
        </form>
      )}
      {approval.state === 'pending' && !canDecide && (
        <p className="sub">Only a lead or the on-call DevOps engineer can decide.</p>
      )}
      {message && (
        <p className={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {run && (
        <div className="runbook" aria-live="polite">
          <p>
            Runbook {run.runbookId ?? ''}:{' '}
            <strong data-run-state={run.state}>{humanize(run.state)}</strong>
          </p>
          <ul>
            {run.steps.map((step) => (
              <li key={step.id}>
                {step.id}: {humanize(step.state)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
