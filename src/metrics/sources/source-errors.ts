import { isConnectorRefusal } from '../../connectors/connector-faults.ts';
import { OperationalError } from '../../shared/errors.ts';

/**
 * True for the faults a metric source turns into "no data" (vendor down or refusing, missing
 * secret, bad config); anything else is a bug and is rethrown.
 *
 * @example
 * catch (error) { if (isSourceFault(error)) return failureReading('datadog', error); throw error; }
 */
export function isSourceFault(error: unknown): boolean {
  return error instanceof OperationalError || isConnectorRefusal(error);
}
