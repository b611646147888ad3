import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Caller } from '../api/types.ts';
import { formatTime, humanize } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { mayAct, useLaunchEvents } from './launch-events.ts';

interface Activation {
  id: string;
  channel: string;
  connector: string | null;
  manual: boolean;
  dueAt: string;
  state: string;
  error: string | null;
  sentAt: string | null;
}

/**
 * Activation status per channel, with pause and resume of the launch's activations (a reason is
 * asked for both; both are audited).
 *
 * @example
 * <ActivationsPanel api={api} caller={caller} launchId={id} />
 */
export function ActivationsPanel(props: { api: ApiClient; caller: Caller; launchId: string }) {
  const base = `/v1/launches/${encodeURIComponent(props.launchId)}/activations`;
  const activations = useResource(base, () => props.api.get<{ activations: Activation[] }>(base));
  useLaunchEvents(['audit'], (event) => {
    if (String(event.payload.action ?? '').startsWith('activation')) activations.reload();
  });
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const mayControl = (mayAct.controlActivations as readonly string[]).includes(props.caller.role);
  const list = activations.data?.activations ?? [];

  const control = async (action: 'pause' | 'resume') => {
    if (!reason.trim()) {
      setMessage({ text: `A reason is required to ${action}.`, error: true });
      return;
    }
    try {
      await props.api.post(`${base}/${action}`, { reason: reason.trim() });
      setMessage({
        text: action === 'pause' ? 'Activations paused.' : 'Activations resumed.',
        error: false,
      });
      activations.reload();
    } catch (caught) {
      setMessage({ text: caught instanceof Error ? caught.message : String(caught), error: true });
    }
  };

  return (
    <section className="panel" aria-labelledby="activations-title">
      <h2 id="activations-title">Activation</h2>
      {activations.unavailable && (
        <p className="sub">Activation status is not available on this server.</p>
      )}
      {activations.error && !activations.unavailable && (
        <p className="error">{activations.error.message}</p>
      )}
      {activations.data && list.length === 0 && <p className="sub">No activation planned.</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Activation</th>
                <th scope="col">Channel</th>
                <th scope="col">Due</th>
                <th scope="col">State</th>
                <th scope="col">Sent by</th>
              </tr>
            </thead>
            <tbody>
              {list.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.id}</th>
                  <td>{humanize(a.channel)}</td>
                  <td>{formatTime(a.dueAt)}</td>
                  <td>
                    <span className={`badge act-${a.state}`}>{humanize(a.state)}</span>
                    {a.error && <span className="error"> {a.error}</span>}
                  </td>
                  <td>{a.manual ? 'a person' : (a.connector ?? 'LaunchCrew')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayControl && list.length > 0 && (
        <div className="decide">
          <label htmlFor="activation-reason">Reason</label>
          <input
            id="activation-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="actions">
            <button type="button" className="danger" onClick={() => void control('pause')}>
              Pause activations
            </button>
            <button type="button" className="secondary" onClick={() => void control('resume')}>
              Resume activations
            </button>
          </div>
        </div>
      )}
      {message && (
        <p className={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
