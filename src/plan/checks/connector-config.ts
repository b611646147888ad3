/**
 * A plan connector's `config` must be what its vendor's connector accepts, so a typo is found by
 * `validate`, not at send time. Needs the connector catalog (loaded before validation).
 */
import type { Finding } from '../problem.ts';
import { nearestName } from '../suggest.ts';
import { findingsOfZodIssues } from '../zod-findings.ts';
import { type CheckContext, oneOf } from './check.ts';

/**
 * Errors for configs the vendor's schema refuses (each at `connectors[i].config.<key>`, unknown
 * keys with the nearest valid key) and for vendors that do not provide the connector's kind;
 * a warning for a vendor LaunchCrew has no connector for. Nothing without a catalog.
 *
 * @example
 * checkConnectorConfig({ ...context, catalog: await connectorCatalog() });
 * // [{ path: ['connectors', 0, 'config', 'from_emial'], code: 'unknown_key', suggestion: 'from_email' }]
 */
export function checkConnectorConfig({ plan, catalog }: CheckContext): Finding[] {
  if (!catalog) return [];
  return (plan.connectors ?? []).flatMap((connector, index): Finding[] => {
    const entry = catalog.vendor(connector.vendor);
    if (!entry) {
      const known = catalog.vendorsOfKind(connector.kind);
      const suggestion = nearestName(connector.vendor, known);
      return [
        {
          severity: 'warning',
          path: ['connectors', index, 'vendor'],
          code: 'unknown_vendor',
          message: `LaunchCrew has no connector for vendor '${connector.vendor}'; connector '${connector.id}' cannot be opened and its work must be done by hand`,
          expected: `a vendor of kind ${connector.kind}, ${oneOf(known, `${connector.kind} vendors`)}`,
          ...(suggestion ? { suggestion } : {}),
        },
      ];
    }
    if (!entry.kinds.includes(connector.kind)) {
      return [
        {
          severity: 'error',
          path: ['connectors', index, 'kind'],
          code: 'vendor_kind_mismatch',
          message: `vendor '${connector.vendor}' does not provide kind ${connector.kind}`,
          expected: oneOf(entry.kinds, 'kinds'),
        },
      ];
    }
    const parsed = entry.config.safeParse(connector.config ?? {}, { reportInput: true });
    if (parsed.success) return [];
    return findingsOfZodIssues(parsed.error.issues, entry.config).map((finding) => ({
      ...finding,
      path: ['connectors', index, 'config', ...finding.path],
      message: `${finding.message} (${connector.vendor} config)`,
    }));
  });
}
