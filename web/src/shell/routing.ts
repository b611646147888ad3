import { type MouseEvent, useEffect, useState } from 'react';

/** The views of the dashboard and their URLs (`/` and `/app/…`, served by the API). */
export type Route = { view: 'portfolio' } | { view: 'launch'; launchId: string };

/**
 * The route of a path.
 *
 * @example
 * routeOf('/app/launches/1b2c'); // { view: 'launch', launchId: '1b2c' }
 */
export function routeOf(path: string): Route {
  const launch = /^\/app\/launches\/([^/]+)\/?$/.exec(path);
  return launch?.[1]
    ? { view: 'launch', launchId: decodeURIComponent(launch[1]) }
    : { view: 'portfolio' };
}

/**
 * The URL of a launch view.
 *
 * @example
 * launchPath('1b2c'); // '/app/launches/1b2c'
 */
export function launchPath(launchId: string): string {
  return `/app/launches/${encodeURIComponent(launchId)}`;
}

/**
 * The current route; follows link clicks made with `followLink` and the back button.
 *
 * @example
 * const route = useRoute();
 */
export function useRoute(): Route {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return routeOf(path);
}

/**
 * An `onClick` for in-app links: navigates without reloading (plain clicks only, so
 * ctrl-click still opens a tab).
 *
 * @example
 * <a href={launchPath(id)} onClick={followLink}>Open</a>
 */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  event.preventDefault();
  window.history.pushState(null, '', event.currentTarget.getAttribute('href') ?? '/');
  window.dispatchEvent(new PopStateEvent('popstate'));
}
