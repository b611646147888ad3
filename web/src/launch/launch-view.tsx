import { useCallback, useRef } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Caller, LaunchSummary, LiveEvent } from '../api/types.ts';
import { dayOf, humanize } from '../format.ts';
import { LiveStatus } from '../shell/live-status.tsx';
import { PanelBoundary } from '../shell/panel-boundary.tsx';
import { followLink } from '../shell/routing.ts';
import { useLiveEvents } from '../shell/use-live.ts';
import { useResource } from '../shell/use-resource.ts';
import { ActivationsPanel } from './activations-panel.tsx';
import { AuditPanel } from './audit-panel.tsx';
import { IncidentsPanel } from './incidents-panel.tsx';
import { LaunchEventsContext, type SubscribeToLaunch } from './launch-events.ts';
import { MetricCharts } from './metric-charts.tsx';
import { ReadinessPanel } from './readiness-panel.tsx';
import { SummaryPanel } from './summary-panel.tsx';
import { TimelinePanel } from './timeline-panel.tsx';

/**
 * One launch: executive summary, incidents and approvals, metric charts, timeline, gates and
 * checklist, activation, audit log — all following the launch's live event stream.
 *
 * @example
 * <LaunchView api={api} caller={caller} launchId={id} />
 */
export function LaunchView(props: { api: ApiClient; caller: Caller; launchId: string }) {
  const path = `/v1/launches/${encodeURIComponent(props.launchId)}/summary`;
  const summary = useResource(path, () => props.api.get<LaunchSummary>(path));
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const subscribe = useCallback<SubscribeToLaunch>((listener) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  }, []);
  const status = useLiveEvents(
    props.api.token,
    `launch=${encodeURIComponent(props.launchId)}`,
    summary.data?.lastEventId ?? null,
    (event) => {
      if (event.kind !== 'audit') summary.reload();
      for (const listener of listeners.current) listener(event);
    },
  );

  if (summary.error)
    return (
      <section>
        <p className="error" role="alert">
          Cannot load this launch: {summary.error.message}
        </p>
        <a href="/" onClick={followLink}>
          Back to all launches
        </a>
      </section>
    );
  if (!summary.data) return <p>Loading…</p>;
  const { launch } = summary.data;
  return (
    <LaunchEventsContext.Provider value={subscribe}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="/" onClick={followLink}>
          All launches
        </a>
      </nav>
      <div className="view-head">
        <h1>{launch.ventureName}</h1>
        <span className={`badge state-${launch.state}`}>{humanize(launch.state)}</span>
        <span className="day">{dayOf(launch)}</span>
        <span className="automation">{summary.data.automation.automationPercent} % automated</span>
        <LiveStatus status={status} />
      </div>
      <PanelBoundary name="Executive summary">
        <SummaryPanel summary={summary.data} />
      </PanelBoundary>
      <div className="columns">
        <PanelBoundary name="Incidents">
          <IncidentsPanel api={props.api} caller={props.caller} launchId={props.launchId} />
        </PanelBoundary>
        <PanelBoundary name="Triggers">
          <TriggersPanel summary={summary.data} />
        </PanelBoundary>
      </div>
      <PanelBoundary name="Metrics">
        <MetricCharts api={props.api} launchId={props.launchId} summary={summary.data} />
      </PanelBoundary>
      <div className="columns">
        <PanelBoundary name="Timeline">
          <TimelinePanel api={props.api} launchId={props.launchId} />
        </PanelBoundary>
        <div>
          <PanelBoundary name="Gates and checklist">
            <ReadinessPanel api={props.api} caller={props.caller} launchId={props.launchId} />
          </PanelBoundary>
          <PanelBoundary name="Activation">
            <ActivationsPanel api={props.api} caller={props.caller} launchId={props.launchId} />
          </PanelBoundary>
        </div>
      </div>
      <PanelBoundary name="Audit log">
        <AuditPanel api={props.api} launchId={props.launchId} />
      </PanelBoundary>
    </LaunchEventsContext.Provider>
  );
}

function TriggersPanel({ summary }: { summary: LaunchSummary }) {
  return (
    <section className="panel" aria-labelledby="triggers-title">
      <h2 id="triggers-title">Triggers</h2>
      <ul className="triggers">
        {summary.triggers.map((rule) => (
          <li key={rule.ruleId} data-rule-id={rule.ruleId}>
            <span className={`badge trigger-${rule.state}`}>{rule.state}</span>{' '}
            <strong>{rule.ruleId}</strong>
            <span className="sub"> {rule.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
