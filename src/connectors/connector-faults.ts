import { UserError } from '../shared/errors.ts';
import { MissingSecretError } from './connector-secrets.ts';
import { VendorRejectedError } from './vendor-http.ts';

/**
 * True for the refusals of a connector that retrying cannot fix: the vendor rejected the
 * request, a secret's variable is not set, or the connector's config is invalid.
 *
 * @example
 * catch (error) { if (!isConnectorRefusal(error)) throw error; }
 */
export function isConnectorRefusal(error: unknown): boolean {
  return (
    error instanceof VendorRejectedError ||
    error instanceof MissingSecretError ||
    error instanceof UserError
  );
}
