import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { TimelineCategory, TimelineItem } from '../api/types.ts';
import { formatTime, humanize } from '../format.ts';
import { useResource } from '../shell/use-resource.ts';
import { Evidence } from './evidence.tsx';
import { useLaunchEvents } from './launch-events.ts';

const categories: TimelineCategory[] = [
  'gate',
  'signoff',
  'go',
  'live',
  'activation',
  'trigger',
  'incident',
  'approval',
  'comms',
];

/**
 * The launch timeline, newest first: gates, sign-offs, go, waves, triggers, incidents,
 * approvals and communications, each with the evidence behind it.
 *
 * @example
 * <TimelinePanel api={api} launchId={id} />
 */
export function TimelinePanel(props: { api: ApiClient; launchId: string }) {
  const path = `/v1/launches/${encodeURIComponent(props.launchId)}/timeline-events?limit=200`;
  const timeline = useResource(path, () => props.api.get<{ items: TimelineItem[] }>(path));
  useLaunchEvents(['audit', 'incident', 'trigger', 'approval'], timeline.reload);
  const [category, setCategory] = useState<TimelineCategory | ''>('');
  const items = (timeline.data?.items ?? []).filter((i) => !category || i.category === category);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <div className="panel-head">
        <h2 id="timeline-title">Timeline</h2>
        <label>
          Show
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as TimelineCategory | '')}
          >
            <option value="">everything</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {humanize(c)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {timeline.unavailable && <p className="sub">The timeline is not available on this server.</p>}
      {timeline.error && !timeline.unavailable && <p className="error">{timeline.error.message}</p>}
      {timeline.data && items.length === 0 && <p className="sub">Nothing happened yet.</p>}
      <ol className="timeline">
        {items.map((item) => (
          <li key={item.id} className={`cat-${item.category}`}>
            <span className="badge">{humanize(item.category)}</span>
            <time dateTime={item.at}>{formatTime(item.at)}</time>
            <details>
              <summary>
                {item.title} <span className="sub">by {item.actor}</span>
              </summary>
              <p className="sub">{item.action}</p>
              <Evidence detail={item.detail} />
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
