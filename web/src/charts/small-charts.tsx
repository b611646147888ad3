/**
 * A small line without axes, with an optional dashed target line.
 *
 * @example
 * <Sparkline label="Uptime, last 24 h" values={[100, 99.5, 100]} target={99.5} />
 */
export function Sparkline(props: { label: string; values: Array<number | null>; target?: number }) {
  const known = props.values.filter((v): v is number => v !== null);
  const all = props.target === undefined ? known : [...known, props.target];
  const low = all.length ? Math.min(...all) : 0;
  const high = all.length ? Math.max(...all) : 1;
  const range = high - low || 1;
  const step = 120 / Math.max(1, props.values.length - 1);
  const y = (v: number) => 30 - ((v - low) / range) * 26;
  const points = props.values
    .map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${y(v).toFixed(1)}`))
    .filter((p) => p !== null)
    .join(' ');
  return (
    <svg className="sparkline" viewBox="0 0 120 34" role="img" aria-label={props.label}>
      {props.target !== undefined && (
        <line className="spark-target" x1={0} x2={120} y1={y(props.target)} y2={y(props.target)} />
      )}
      <polyline className="spark-line" points={points} />
    </svg>
  );
}

/**
 * A gauge of `value` against `target`: a native meter, full at the target.
 *
 * @example
 * <Gauge label="New users vs target" value={120} target={40} />
 */
export function Gauge(props: { label: string; value: number | null; target: number | null }) {
  const value = props.value ?? 0;
  const target = props.target && props.target > 0 ? props.target : Math.max(value, 1);
  return (
    <meter
      className="gauge"
      aria-label={props.label}
      min={0}
      max={target}
      low={target * 0.5}
      high={target * 0.99}
      optimum={target}
      value={Math.min(value, target)}
    >
      {value} / {target}
    </meter>
  );
}
