import { type ChartPoint, downsample } from './downsample.ts';

/** Most points drawn per series; more are reduced with LTTB first. */
export const maxDrawnPoints = 1000;

const width = 720;
const height = 220;
const pad = { left: 52, right: 12, top: 12, bottom: 28 };
const palette = ['#0b57d0', '#8a3ffc', '#00735c', '#a1470c'];

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

export interface ChartThreshold {
  value: number;
  label: string;
}

export interface ChartMarker {
  t: number;
  kind: 'firing' | 'resolved';
  label: string;
}

export interface LineChartProps {
  title: string;
  series: ChartSeries[];
  from: number;
  to: number;
  thresholds: ChartThreshold[];
  markers: ChartMarker[];
  unit?: string;
}

/**
 * A time-series chart in plain SVG: one polyline per series, dashed threshold lines, trigger
 * markers (red when a rule fired, green when it resolved) and time and value axes.
 *
 * @example
 * <LineChart title="error_rate" series={[{ label: 'all', points }]} from={a} to={b} thresholds={[]} markers={[]} />
 */
export function LineChart(props: LineChartProps) {
  const drawn = props.series.map((s) => ({ ...s, points: downsample(s.points, maxDrawnPoints) }));
  const values = [
    ...drawn.flatMap((s) => s.points.map((p) => p.v)),
    ...props.thresholds.map((t) => t.value),
  ];
  let low = values.length ? Math.min(...values) : 0;
  let high = values.length ? Math.max(...values) : 1;
  if (high === low) {
    high += Math.abs(high) * 0.1 || 1;
    low -= Math.abs(low) * 0.1 || 1;
  }
  const margin = (high - low) * 0.08;
  low -= margin;
  high += margin;
  const span = Math.max(1, props.to - props.from);
  const x = (t: number) => pad.left + ((t - props.from) / span) * (width - pad.left - pad.right);
  const y = (v: number) =>
    pad.top + (1 - (v - low) / (high - low)) * (height - pad.top - pad.bottom);
  const yTicks = [0, 1, 2, 3].map((i) => low + ((high - low) * i) / 3);
  const xTicks = [0, 1, 2, 3].map((i) => props.from + (span * i) / 3);
  const pointCount = drawn.reduce((n, s) => n + s.points.length, 0);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${props.title}: ${pointCount} points, ${props.thresholds.length} thresholds, ${props.markers.length} trigger markers`}
      data-points={pointCount}
    >
      <title>{props.title}</title>
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line className="grid" x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} />
          <text className="axis" x={pad.left - 6} y={y(v) + 4} textAnchor="end">
            {compact(v)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={`x${t}`} className="axis" x={x(t)} y={height - 8} textAnchor="middle">
          {new Date(t).toISOString().slice(5, 16).replace('T', ' ')}
        </text>
      ))}
      {props.thresholds.map((threshold) => (
        <g key={`t${threshold.label}${threshold.value}`} className="threshold">
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(threshold.value)}
            y2={y(threshold.value)}
          />
          <text x={width - pad.right - 4} y={y(threshold.value) - 4} textAnchor="end">
            {threshold.label}
          </text>
        </g>
      ))}
      {props.markers.map((marker) => (
        <line
          key={`m${marker.t}${marker.label}${marker.kind}`}
          className={`marker marker-${marker.kind}`}
          x1={x(marker.t)}
          x2={x(marker.t)}
          y1={pad.top}
          y2={height - pad.bottom}
        >
          <title>{marker.label}</title>
        </line>
      ))}
      {drawn.map((s, i) => (
        <polyline
          key={s.label}
          className="series"
          stroke={palette[i % palette.length]}
          points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}
        />
      ))}
    </svg>
  );
}

function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return abs >= 10 ? value.toFixed(0) : value.toFixed(2);
}
