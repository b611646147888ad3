/**
 * The trigger-event handler for incidents (registered after the alert router in
 * `src/app/trigger-handlers.ts`): LAUNCH-001 firings open or update incidents, resolves close
 * them. Idempotent per event (see `applyTriggerEvent`).
 */
import type { TriggerEventHandler } from '../triggers/trigger-event.ts';
import { applyTriggerEvent } from './incident-service.ts';

/**
 * Opens, updates and resolves incidents from trigger events.
 *
 * @example
 * await incidentOpener.handle(event, { db, clock });
 */
export const incidentOpener: TriggerEventHandler = {
  name: 'incident-opener',
  handle: (event, { db, clock }) => applyTriggerEvent(db, clock, event),
};
