/**
 * The variables a report template sees: report figures formatted for people ("99.5 %",
 * "no data (source down)") next to their raw values, in snake_case as Liquid templates use them.
 */
import type { MetricReading } from '../metrics/metric-reader.ts';
import type { ReportContent, ReportMetricFigures, ReportMetricScope } from './report-content.ts';
import type { ReportLaunch, TriggerSummary } from './report-dependencies.ts';
import { hourlyReportCount } from './report-period.ts';

const HOUR = 3_600_000;

/** One metric as a template sees it. */
export interface MetricModel {
  key: string;
  label: string;
  unit: string;
  scope: ReportMetricScope;
  /** Formatted value for the period, e.g. "99.5 %" or "no data (source down)". */
  period: string;
  /** Formatted value since T0 (for `current` metrics: the same as `period`). */
  cumulative: string;
  period_value: number | null;
  cumulative_value: number | null;
  period_target: number | null;
  cumulative_target: number | null;
  period_responses: number | null;
  cumulative_responses: number | null;
}

/** Everything a report template sees. */
export interface ReportModel {
  launch: { id: string; venture_id: string; venture_name: string; t0: string };
  report: {
    number: number;
    cadence: 'hourly' | 'daily';
    title: string;
    period_name: string;
    period_start: string;
    period_end: string;
  };
  metrics: Record<string, MetricModel>;
  metric_list: MetricModel[];
  triggers: { id: string; state: string; since: string | null; detail: string | null }[];
  firing_count: number;
}

/**
 * Builds the template variables of a report.
 *
 * @example
 * const model = reportModel(launch, content, triggers);
 * model.metrics.uptime.period; // "99.95 %"
 */
export function reportModel(
  launch: Omit<ReportLaunch, 'plan'>,
  content: ReportContent,
  triggers: TriggerSummary[],
): ReportModel {
  const { period, t0 } = content;
  const metricList = content.metrics.map(metricModel);
  const offset = (at: Date) => `T+${Math.round((at.getTime() - t0.getTime()) / HOUR)}h`;
  return {
    launch: {
      id: launch.id,
      venture_id: launch.ventureId,
      venture_name: launch.ventureName,
      t0: formatInstant(t0),
    },
    report: {
      number: period.number,
      cadence: period.cadence,
      title:
        period.cadence === 'hourly'
          ? `Hourly launch report ${period.index}/${hourlyReportCount}`
          : `Daily launch report, day ${period.index}`,
      period_name:
        period.cadence === 'hourly'
          ? `hour ${period.index} (${offset(period.start)} → ${offset(period.end)})`
          : `day ${period.index} (${offset(period.start)} → ${offset(period.end)})`,
      period_start: formatInstant(period.start),
      period_end: formatInstant(period.end),
    },
    metrics: Object.fromEntries(metricList.map((m) => [m.key, m])),
    metric_list: metricList,
    triggers: triggers.map((t) => ({
      id: t.triggerId,
      state: t.state,
      since: t.since,
      detail: t.detail,
    })),
    firing_count: triggers.filter((t) => t.state === 'firing').length,
  };
}

function metricModel(figures: ReportMetricFigures): MetricModel {
  const describe = (
    reading: MetricReading,
    target: number | undefined,
    n: MetricReading | undefined,
  ) => {
    if (reading.value === null) return noDataText(reading);
    let text = formatValue(reading.value, figures.unit);
    if (target !== undefined) {
      const share = target > 0 ? `, ${formatNumber((reading.value / target) * 100, 0)} %` : '';
      text += ` (target ${formatNumber(target, 1)}${share})`;
    }
    if (n !== undefined)
      text += ` (n = ${n.value === null ? 'unknown' : formatNumber(n.value, 0)})`;
    return text;
  };
  return {
    key: figures.key,
    label: figures.label,
    unit: figures.unit,
    scope: figures.scope,
    period: describe(figures.period, figures.targets?.period, figures.responses?.period),
    cumulative: describe(
      figures.cumulative,
      figures.targets?.cumulative,
      figures.responses?.cumulative,
    ),
    period_value: figures.period.value,
    cumulative_value: figures.cumulative.value,
    period_target: figures.targets?.period ?? null,
    cumulative_target: figures.targets?.cumulative ?? null,
    period_responses: figures.responses?.period.value ?? null,
    cumulative_responses: figures.responses?.cumulative.value ?? null,
  };
}

/**
 * "no data (reason)" — the one way a missing reading is shown.
 *
 * @example
 * noDataText({ value: null, reason: 'source down' }); // 'no data (source down)'
 */
export function noDataText(reading: MetricReading): string {
  return `no data (${reading.reason?.trim() || 'no reason given'})`;
}

function formatValue(value: number, unit: string): string {
  switch (unit) {
    case '%':
      return `${formatNumber(value, 2)} %`;
    case 'ms':
      return `${formatNumber(value, 0)} ms`;
    case 'min':
      return `${formatNumber(value, 1)} min`;
    case '/h':
      return `${formatNumber(value, 1)}/h`;
    case 'NPS':
      return `${value > 0 ? '+' : ''}${formatNumber(value, 0)}`;
    default:
      return formatNumber(value, 1);
  }
}

const numberFormats = new Map<number, Intl.NumberFormat>();

function formatNumber(value: number, maxDecimals: number): string {
  let format = numberFormats.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals });
    numberFormats.set(maxDecimals, format);
  }
  return format.format(value);
}

function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
