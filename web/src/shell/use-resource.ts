import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';

/** What a view shows while data loads, after it loaded, or when it could not. */
export interface Resource<T> {
  data: T | null;
  error: ApiError | Error | null;
  /** True when the route does not exist on this server (404 on a route, not on a launch). */
  unavailable: boolean;
  /** Loads again; calls during a load are merged into one more load after it. */
  reload(): void;
}

/**
 * Loads `load()` when `key` changes and whenever `reload()` is called (live updates call it on
 * every event, so loads are coalesced: at most one runs, and one more follows if asked).
 *
 * @example
 * const summary = useResource(`summary:${id}`, () => api.get<LaunchSummary>(`/v1/launches/${id}/summary`));
 */
export function useResource<T>(key: string, load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const state = useRef({ running: false, again: false, key, alive: true });

  const run = useCallback(async () => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    const startedFor = s.key;
    try {
      do {
        s.again = false;
        try {
          const value = await loadRef.current();
          if (!s.alive || s.key !== startedFor) return;
          setData(value);
          setError(null);
        } catch (caught) {
          if (!s.alive || s.key !== startedFor) return;
          setError(caught instanceof Error ? caught : new Error(String(caught)));
        }
      } while (s.again && s.alive);
    } finally {
      s.running = false;
    }
  }, []);

  useEffect(() => {
    state.current = { running: false, again: false, key, alive: true };
    setData(null);
    setError(null);
    void run();
    return () => {
      state.current.alive = false;
    };
  }, [key, run]);

  const unavailable =
    error instanceof ApiError && error.status === 404 && error.message.startsWith('no route');
  return { data, error, unavailable, reload: () => void run() };
}
