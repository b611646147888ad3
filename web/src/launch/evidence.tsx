/**
 * Evidence (an audit entry's detail, an approval's metric values) as a definition list; nested
 * values are shown as JSON text, never as HTML.
 *
 * @example
 * <Evidence detail={{ uptime: 97.1, reason: 'v2 failing' }} />
 */
export function Evidence({ detail }: { detail: Record<string, unknown> }) {
  const entries = Object.entries(detail ?? {});
  if (entries.length === 0) return <p className="sub">No evidence recorded.</p>;
  return (
    <dl className="evidence">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
