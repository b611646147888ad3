import { createContext, useContext, useEffect, useRef } from 'react';
import type { LiveEvent } from '../api/types.ts';

/** Subscribes a panel to the live events of the launch shown. */
export type SubscribeToLaunch = (listener: (event: LiveEvent) => void) => () => void;

/** Provided by the launch view, which owns the one event stream of the launch. */
export const LaunchEventsContext = createContext<SubscribeToLaunch>(() => () => undefined);

/**
 * Calls `handler` for every live event of the launch whose kind is in `kinds` (and on `reset`,
 * after which everything must be reloaded).
 *
 * @example
 * useLaunchEvents(['incident', 'approval'], incidents.reload);
 */
export function useLaunchEvents(
  kinds: ReadonlyArray<LiveEvent['kind']>,
  handler: (event: LiveEvent) => void,
): void {
  const subscribe = useContext(LaunchEventsContext);
  const current = useRef(handler);
  current.current = handler;
  const wanted = kinds.join(',');
  useEffect(
    () =>
      subscribe((event) => {
        if (event.kind === 'reset' || wanted.split(',').includes(event.kind))
          current.current(event);
      }),
    [subscribe, wanted],
  );
}

/** The roles that may take each action of the dashboard (the API checks again: 403 otherwise). */
export const mayAct = {
  decideApproval: ['lead', 'devops_oncall'],
  controlActivations: ['lead', 'marketing'],
  evaluateGates: ['lead', 'devops_oncall', 'marketing', 'support'],
} as const;

/** Which checklist roles each role may sign (the LEAD any of them). */
export const signableBy: Record<string, readonly string[]> = {
  lead: ['launch_coordinator', 'devops_lead', 'marketing_lead', 'support_lead'],
  devops_oncall: ['devops_lead'],
  marketing: ['marketing_lead'],
  support: ['support_lead'],
  viewer: [],
};
