import { type FormEvent, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { LaunchSummary, MetricSeries } from '../api/types.ts';
import { LineChart } from '../charts/line-chart.tsx';
import { formatNumber, formatTime } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { useLaunchEvents } from './launch-events.ts';

type Range = '72h' | '7d';

/**
 * One chart per metric the launch's triggers watch (plus metrics that arrive live), with the
 * trigger thresholds as lines and trigger state changes as markers, over 72 h or 7 days.
 *
 * @example
 * <MetricCharts api={api} launchId={id} summary={summary} />
 */
export function MetricCharts(props: { api: ApiClient; launchId: string; summary: LaunchSummary }) {
  const [range, setRange] = useState<Range>('72h');
  const [seen, setSeen] = useState<string[]>([]);
  const [adding, setAdding] = useState('');
  const show = (metric: string) =>
    setSeen((all) => (all.includes(metric) ? all : [...all, metric]));
  useLaunchEvents(['sample'], (event) => {
    if (typeof event.payload.metric === 'string') show(event.payload.metric);
  });
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (adding.trim()) show(adding.trim());
    setAdding('');
  };
  const metrics = [
    ...new Set([
      ...props.summary.triggers.flatMap((t) => t.conditions.map((c) => c.metric)),
      ...seen,
    ]),
  ];
  return (
    <section className="panel" aria-labelledby="charts-title">
      <div className="panel-head">
        <h2 id="charts-title">Metrics</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Time range</legend>
          {(['72h', '7d'] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="range" checked={range === r} onChange={() => setRange(r)} />
              {r === '72h' ? '72 hours' : '7 days'}
            </label>
          ))}
        </fieldset>
      </div>
      <form className="add-chart" onSubmit={add}>
        <label htmlFor="add-metric">Chart another metric</label>
        <input
          id="add-metric"
          value={adding}
          placeholder="signups"
          onChange={(event) => setAdding(event.target.value)}
        />
        <button type="submit" className="secondary">
          Add chart
        </button>
      </form>
      {metrics.length === 0 && <p>No metric is watched by a trigger yet.</p>}
      <div className="charts">
        {metrics.map((metric) => (
          <MetricChart
            key={metric}
            api={props.api}
            launchId={props.launchId}
            metric={metric}
            range={range}
          />
        ))}
      </div>
    </section>
  );
}

function MetricChart(props: { api: ApiClient; launchId: string; metric: string; range: Range }) {
  const path = `/v1/launches/${encodeURIComponent(props.launchId)}/series?metric=${encodeURIComponent(props.metric)}&range=${props.range}`;
  const series = useResource(path, () => props.api.get<MetricSeries>(path));
  useLaunchEvents(['sample', 'trigger'], (event) => {
    if (event.kind !== 'sample' || event.payload.metric === props.metric) series.reload();
  });
  const data = series.data;
  const latest = data?.series
    .flatMap((s) => s.points)
    .reduce<{ t: string; value: number } | null>((a, p) => (!a || p.t > a.t ? p : a), null);
  const unit = data?.thresholds[0]?.unit ?? '';
  return (
    <figure className="chart-card" data-metric={props.metric}>
      <figcaption>
        <span className="metric-name">{props.metric}</span>
        <span className="latest">
          Latest:{' '}
          {latest ? `${formatNumber(latest.value, 2, unit)} at ${formatTime(latest.t)}` : 'no data'}
        </span>
      </figcaption>
      {series.error && (
        <p className="error">
          Cannot load {props.metric}: {series.error.message}
        </p>
      )}
      {data && (
        <LineChart
          title={`${props.metric} over ${props.range === '72h' ? '72 hours' : '7 days'}`}
          from={Date.parse(data.from)}
          to={Date.parse(data.to)}
          unit={unit}
          series={data.series.map((s) => ({
            label:
              Object.entries(s.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join(',') || 'all',
            points: s.points.map((p) => ({ t: Date.parse(p.t), v: p.value })),
          }))}
          thresholds={data.thresholds.map((t) => ({
            value: t.value,
            label: `${t.triggerId} ${t.operator} ${t.value}${t.unit}`,
          }))}
          markers={data.markers.map((m) => ({
            t: Date.parse(m.at),
            kind: m.kind,
            label: `${m.ruleId} ${m.kind} at ${formatTime(m.at)}`,
          }))}
        />
      )}
    </figure>
  );
}
