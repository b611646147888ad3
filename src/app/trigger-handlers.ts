import { alertRouter } from '../alerts/alert-router.ts';
import { incidentOpener } from '../incidents/incident-opener.ts';
import { launchSuccessHandler } from '../launch/launch-outcome.ts';
import type { TriggerEventHandler } from '../triggers/trigger-event.ts';

/** Everything that reacts to trigger events (alert routing, incidents…), called in this order. */
export const triggerEventHandlers: TriggerEventHandler[] = [
  alertRouter,
  incidentOpener,
  launchSuccessHandler,
];
