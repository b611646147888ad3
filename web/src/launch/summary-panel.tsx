import type { LaunchSummary } from '../api/types.ts';
import { Gauge, Sparkline } from '../charts/small-charts.tsx';
import { formatNumber } from '../format.ts';

/**
 * The executive summary: uptime against its target, acquisition against its target, 48 h
 * engagement, incidents by severity, cost per acquisition per channel and the automation share.
 *
 * @example
 * <SummaryPanel summary={summary} />
 */
export function SummaryPanel({ summary }: { summary: LaunchSummary }) {
  const { uptime, acquisition, engagement, incidents, marketing, automation } = summary;
  const uptimeOk = uptime.value === null || uptime.value >= uptime.target;
  return (
    <section className="panel summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Executive summary</h2>
      <div className="tiles">
        <div className="tile">
          <h3>Uptime (24 h)</h3>
          <p className={uptimeOk ? 'big ok' : 'big bad'}>{formatNumber(uptime.value, 2, ' %')}</p>
          <Sparkline
            label={`Uptime per hour over the last 24 hours, target ${uptime.target} %`}
            values={uptime.points.map((p) => p.value)}
            target={uptime.target}
          />
          <p className="sub">Target {formatNumber(uptime.target, 2, ' %')}</p>
        </div>
        <div className="tile">
          <h3>New users vs target</h3>
          <p className="big">
            {formatNumber(acquisition.newUsers)}
            <span className="of"> / {formatNumber(acquisition.target)}</span>
          </p>
          <Gauge
            label="New users against target"
            value={acquisition.newUsers}
            target={acquisition.target}
          />
          {Object.keys(acquisition.byChannel).length > 0 && (
            <p className="sub">
              {Object.entries(acquisition.byChannel)
                .map(([channel, users]) => `${channel}: ${users}`)
                .join(' · ')}
            </p>
          )}
        </div>
        <div className="tile">
          <h3>Returning users (48 h)</h3>
          <p className="big">{formatNumber(engagement.returningUsers48hPercent, 1, ' %')}</p>
          {engagement.reason && <p className="sub">{engagement.reason}</p>}
        </div>
        <div className="tile">
          <h3>Incidents</h3>
          <ul className="severity-counts" aria-label="Incidents by severity">
            {(['P0', 'P1', 'P2'] as const).map((severity) => (
              <li key={severity} className={incidents[severity] ? `sev sev-${severity}` : 'sev'}>
                {severity} <strong>{incidents[severity]}</strong>
              </li>
            ))}
          </ul>
          <p className="sub">{incidents.open} open</p>
        </div>
        <div className="tile">
          <h3>Cost per acquisition</h3>
          {marketing.cpaByChannel.length === 0 ? (
            <p className="sub">No marketing spend reported.</p>
          ) : (
            <table className="compact">
              <tbody>
                {marketing.cpaByChannel.map((row) => (
                  <tr key={row.channel}>
                    <th scope="row">{row.channel}</th>
                    <td>{formatNumber(row.value, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="tile">
          <h3>Automation</h3>
          <p className="big">{formatNumber(automation.automationPercent, 0, ' %')}</p>
          <p className="sub">
            {formatNumber(automation.humanMinutes)} human minutes of{' '}
            {formatNumber(automation.manualBaselineMinutes)} by hand
          </p>
        </div>
      </div>
    </section>
  );
}
