import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Caller } from '../api/types.ts';
import { formatTime, humanize } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { mayAct, signableBy, useLaunchEvents } from './launch-events.ts';

interface GateReport {
  evaluatedAt: string;
  gates: Array<{
    name: string;
    owner: string;
    status: string;
    evidence: Array<{ check: string; status: string; detail: string }>;
  }>;
  readiness: { score: number };
  blocking: boolean;
}

interface Checklist {
  complete: boolean;
  items: Array<{
    role: string;
    people: Array<{ id: string; name: string }>;
    signed: boolean;
    signedBy: string | null;
    signedAt: string | null;
    note: string | null;
  }>;
}

/**
 * The entry gates with their evidence, the readiness score, and the team checklist with the
 * sign-off buttons the caller's role may press. Shows "not available" when the server has no
 * gate routes.
 *
 * @example
 * <ReadinessPanel api={api} caller={caller} launchId={id} />
 */
export function ReadinessPanel(props: { api: ApiClient; caller: Caller; launchId: string }) {
  const base = `/v1/launches/${encodeURIComponent(props.launchId)}`;
  const gates = useResource(`${base}/gates`, () =>
    props.api.get<{ report: GateReport | null }>(`${base}/gates`),
  );
  const checklist = useResource(`${base}/checklist`, () =>
    props.api.get<{ checklist: Checklist }>(`${base}/checklist`),
  );
  useLaunchEvents(['audit'], (event) => {
    const action = String(event.payload.action ?? '');
    if (action.startsWith('gate') || action.includes('sign') || action.includes('checklist')) {
      gates.reload();
      checklist.reload();
    }
  });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const act = async (path: string, done: string) => {
    try {
      await props.api.post(path, {});
      setMessage({ text: done, error: false });
      gates.reload();
      checklist.reload();
    } catch (caught) {
      setMessage({ text: caught instanceof Error ? caught.message : String(caught), error: true });
    }
  };

  const report = gates.data?.report ?? null;
  const items = checklist.data?.checklist.items ?? [];
  const maySign = signableBy[props.caller.role] ?? [];
  const mayEvaluate = (mayAct.evaluateGates as readonly string[]).includes(props.caller.role);
  return (
    <section className="panel" aria-labelledby="gates-title">
      <div className="panel-head">
        <h2 id="gates-title">Gates and checklist</h2>
        {mayEvaluate && !gates.unavailable && (
          <button
            type="button"
            className="secondary"
            onClick={() => void act(`${base}/gates/evaluate`, 'Gates evaluated.')}
          >
            Evaluate gates
          </button>
        )}
      </div>
      {gates.unavailable && <p className="sub">Gates are not available on this server.</p>}
      {gates.error && !gates.unavailable && <p className="error">{gates.error.message}</p>}
      {gates.data && !report && <p className="sub">The gates have not been evaluated yet.</p>}
      {report && (
        <>
          <p>
            Readiness <strong>{report.readiness.score} / 100</strong>
            {report.blocking && <span className="sev sev-P0"> blocking</span>} · evaluated{' '}
            {formatTime(report.evaluatedAt)}
          </p>
          <ul className="gates">
            {report.gates.map((gate) => (
              <li key={gate.name}>
                <details>
                  <summary>
                    <span className={`badge gate-${gate.status}`}>{gate.status}</span>{' '}
                    {humanize(gate.name)} <span className="sub">owner {humanize(gate.owner)}</span>
                  </summary>
                  <ul>
                    {gate.evidence.map((e) => (
                      <li key={e.check}>
                        <span className={`badge gate-${e.status}`}>{e.status}</span>{' '}
                        {humanize(e.check)}: {e.detail}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Sign-offs</h3>
      {checklist.unavailable && (
        <p className="sub">The checklist is not available on this server.</p>
      )}
      {checklist.error && !checklist.unavailable && (
        <p className="error">{checklist.error.message}</p>
      )}
      {checklist.data && (
        <p className="sub">
          {checklist.data.checklist.complete ? 'Every role signed off.' : 'Waiting for sign-offs.'}
        </p>
      )}
      <ul className="signoffs">
        {items.map((item) => (
          <li key={item.role}>
            <strong>{humanize(item.role)}</strong>
            {item.people.length > 0 && (
              <span className="sub">{item.people.map((p) => p.name).join(', ')}</span>
            )}
            {item.signed ? (
              <span className="ok">
                Signed by {item.signedBy ?? 'someone'} {formatTime(item.signedAt)}
                {item.note && ` — ${item.note}`}
              </span>
            ) : maySign.includes(item.role) ? (
              <button
                type="button"
                onClick={() =>
                  void act(
                    `${base}/checklist/${encodeURIComponent(item.role)}/sign`,
                    `Signed off as ${humanize(item.role)}.`,
                  )
                }
              >
                Sign off as {humanize(item.role)}
              </button>
            ) : (
              <span className="sub">Not signed</span>
            )}
          </li>
        ))}
      </ul>
      {message && (
        <p className={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
