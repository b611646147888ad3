import { useMemo, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { Portfolio, PortfolioLaunch } from '../api/types.ts';
import { dayOf, formatNumber, humanize } from '../format.ts';
import { LiveStatus } from '../shell/live-status.tsx';
import { followLink, launchPath } from '../shell/routing.ts';
import { useLiveEvents } from '../shell/use-live.ts';
import { useResource } from '../shell/use-resource.ts';

type SortKey =
  | 'venture'
  | 'state'
  | 'day'
  | 'readiness'
  | 'uptime'
  | 'errors'
  | 'users'
  | 'incidents';

const columns: Array<{ key: SortKey; label: string }> = [
  { key: 'venture', label: 'Venture' },
  { key: 'state', label: 'Phase' },
  { key: 'day', label: 'Day' },
  { key: 'readiness', label: 'Readiness' },
  { key: 'uptime', label: 'Uptime 24 h' },
  { key: 'errors', label: 'Error rate' },
  { key: 'users', label: 'New users / target' },
  { key: 'incidents', label: 'Open incidents' },
];

const sortValue: Record<SortKey, (l: PortfolioLaunch) => string | number> = {
  venture: (l) => l.ventureName.toLowerCase(),
  state: (l) => l.state,
  day: (l) => l.day ?? -1,
  readiness: (l) => l.readiness?.score ?? -1,
  uptime: (l) => l.health.uptimePercent ?? -1,
  errors: (l) => l.health.errorRatePercent ?? -1,
  users: (l) => l.health.newUsers ?? -1,
  incidents: (l) => {
    const o = l.health.openIncidents;
    return o.P0 * 1e6 + o.P1 * 1e3 + o.P2;
  },
};

/**
 * Every launch with its phase, day, readiness and health; sortable, filterable, live.
 *
 * @example
 * <PortfolioView api={api} />
 */
export function PortfolioView(props: { api: ApiClient }) {
  const portfolio = useResource('portfolio', () => props.api.get<Portfolio>('/v1/portfolio'));
  const status = useLiveEvents(
    props.api.token,
    '',
    portfolio.data?.lastEventId ?? null,
    portfolio.reload,
  );
  const [filter, setFilter] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'venture',
    descending: false,
  });

  const launches = portfolio.data?.launches ?? [];
  const states = [...new Set(launches.map((l) => l.state))].sort();
  const shown = useMemo(() => {
    const text = filter.trim().toLowerCase();
    const value = sortValue[sort.key];
    return launches
      .filter((l) => !stateFilter || l.state === stateFilter)
      .filter((l) => !text || `${l.ventureId} ${l.ventureName}`.toLowerCase().includes(text))
      .sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const order = x < y ? -1 : x > y ? 1 : 0;
        return sort.descending ? -order : order;
      });
  }, [launches, filter, stateFilter, sort]);

  return (
    <section aria-labelledby="portfolio-title">
      <div className="view-head">
        <h1 id="portfolio-title">Launches</h1>
        <LiveStatus status={status} />
      </div>
      <div className="filters">
        <label>
          Venture
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label>
          Phase
          <select value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
            <option value="">All</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {portfolio.error && (
        <p className="error" role="alert">
          Cannot load the launches: {portfolio.error.message}
        </p>
      )}
      {!portfolio.data && !portfolio.error && <p>Loading…</p>}
      {portfolio.data && (
        <div className="table-scroll">
          <table className="portfolio">
            <caption className="visually-hidden">
              {shown.length} of {launches.length} launches
            </caption>
            <thead>
              <tr>
                {columns.map((column) => {
                  const active = sort.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                    >
                      <button
                        type="button"
                        className="sort"
                        onClick={() =>
                          setSort({
                            key: column.key,
                            descending: active ? !sort.descending : false,
                          })
                        }
                      >
                        {column.label}
                        <span aria-hidden="true">
                          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((launch) => (
                <PortfolioRow key={launch.id} launch={launch} />
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={columns.length}>No launch matches.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PortfolioRow({ launch }: { launch: PortfolioLaunch }) {
  const { health } = launch;
  const open = health.openIncidents;
  return (
    <tr data-launch-id={launch.id}>
      <th scope="row">
        <a href={launchPath(launch.id)} onClick={followLink}>
          {launch.ventureName}
        </a>
        <span className="sub">{launch.ventureId}</span>
      </th>
      <td>
        <span className={`badge state-${launch.state}`}>{humanize(launch.state)}</span>
        <span className="sub">{humanize(launch.phase)}</span>
      </td>
      <td>{dayOf(launch)}</td>
      <td>{launch.readiness ? `${launch.readiness.score} / 100` : 'Not evaluated'}</td>
      <td>{formatNumber(health.uptimePercent, 2, ' %')}</td>
      <td>{formatNumber(health.errorRatePercent, 2, ' %')}</td>
      <td>
        {formatNumber(health.newUsers)} / {formatNumber(health.newUsersTarget)}
      </td>
      <td>
        <span className={open.P0 ? 'sev sev-P0' : 'sev'}>P0 {open.P0}</span>{' '}
        <span className={open.P1 ? 'sev sev-P1' : 'sev'}>P1 {open.P1}</span>{' '}
        <span className={open.P2 ? 'sev sev-P2' : 'sev'}>P2 {open.P2}</span>
      </td>
    </tr>
  );
}
