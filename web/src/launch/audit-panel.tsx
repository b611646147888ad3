import type { ApiClient } from '../api/client.ts';
import type { AuditEntry } from '../api/types.ts';
import { formatTime } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { Evidence } from './evidence.tsx';
import { useLaunchEvents } from './launch-events.ts';

/**
 * The audit log of the launch (latest 50 entries): who did what, when, with which evidence.
 *
 * @example
 * <AuditPanel api={api} launchId={id} />
 */
export function AuditPanel(props: { api: ApiClient; launchId: string }) {
  const path = `/v1/audit?launchId=${encodeURIComponent(props.launchId)}&limit=50`;
  const audit = useResource(path, () => props.api.get<{ entries: AuditEntry[] }>(path));
  useLaunchEvents(['audit'], audit.reload);
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      {audit.error && <p className="error">{audit.error.message}</p>}
      <div className="table-scroll">
        <table className="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.entries ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{formatTime(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>
                  <details>
                    <summary>
                      {entry.subjectType} {entry.subjectId.slice(0, 8)}
                    </summary>
                    <Evidence detail={entry.detail} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
