/** A ready activation for connector tests (not used in production code). */
import type { ActivationMessage } from '../activation-connector.ts';

/**
 * An `ActivationMessage` with test defaults, overridden field by field.
 *
 * @example
 * const message = activationMessage({ text: 'We are live https://example.com' });
 */
export function activationMessage(overrides: Partial<ActivationMessage> = {}): ActivationMessage {
  return {
    key: 'launch-1:social_t0:1',
    activationId: 'social_t0',
    launchId: 'launch-1',
    text: 'We are live!',
    recipients: [],
    sendAt: new Date('2026-03-04T11:00:00Z'),
    title: 'Launch day',
    ...overrides,
  };
}
