/**
 * The example venture's users and telemetry for the demo, generated on the simulated clock: the
 * venture's own health (uptime and error rate of the version that serves traffic, one sample a
 * minute) and Segment calls as its analytics would send them — sign-ups from the activation
 * channels, returns within 48 h, NPS answers and support tickets. Deterministic (seeded), so
 * every demo run tells the same story.
 */
import type { SegmentCall } from '../metrics/ingest/segment-calls.ts';
import type { MetricSample } from '../metrics/samples/sample-store.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The venture's health as its `/admin/state` reports it. */
export interface VentureHealth {
  errorRatePercent: number;
}

/** What the traffic model produces for one span of simulated time. */
export interface TrafficSpan {
  samples: MetricSample[];
  calls: SegmentCall[];
}

/** How many users the launch brings and how they behave. */
export interface TrafficModel {
  /** Sign-ups expected over the first 7 days. */
  weekOneUsers: number;
  /** Share of users who come back within 48 h (0–1). */
  returnShare: number;
  /** Share of users who answer the NPS survey (0–1). */
  surveyShare: number;
  /** UTM sources sign-ups arrive from, with their weights. */
  channels: Record<string, number>;
}

/**
 * A traffic generator for one launch from `t0`.
 *
 * @example
 * const traffic = demoTraffic(t0, { weekOneUsers: 500, returnShare: 0.6, surveyShare: 0.3, channels: { email: 3, x: 1 } });
 * const { samples, calls } = traffic.between(from, to, { errorRatePercent: 0 });
 */
export function demoTraffic(t0: Date, model: TrafficModel) {
  const random = seededRandom(42);
  let users = 0;
  const returns: Array<{ user: string; at: number }> = [];
  const channels = Object.entries(model.channels);
  const weightSum = channels.reduce((sum, [, weight]) => sum + weight, 0);
  const pickChannel = (): string => {
    let roll = random() * weightSum;
    for (const [name, weight] of channels) {
      roll -= weight;
      if (roll <= 0) return name;
    }
    return channels[0]?.[0] ?? '(direct)';
  };
  // Sign-ups per hour decay from the launch spike: ∫₀^7d a·e^(−t/τ) dt = weekOneUsers.
  const tau = 36 * HOUR;
  const spike = model.weekOneUsers / (tau * (1 - Math.exp((-7 * 24 * HOUR) / tau)));
  const expectedBetween = (a: number, b: number) =>
    spike * tau * (Math.exp(-Math.max(0, a) / tau) - Math.exp(-Math.max(0, b) / tau));
  let owed = 0;

  return {
    /** Samples and calls for [from, to); call with consecutive spans. */
    between(from: Date, to: Date, health: VentureHealth): TrafficSpan {
      const samples: MetricSample[] = [];
      const calls: SegmentCall[] = [];
      for (let minute = ceilMinute(from.getTime()); minute < to.getTime(); minute += MIN) {
        const ts = new Date(minute);
        samples.push({ name: 'error_rate', labels: {}, value: health.errorRatePercent, ts });
        samples.push({ name: 'uptime', labels: {}, value: 100 - health.errorRatePercent, ts });
      }
      const start = from.getTime() - t0.getTime();
      const end = to.getTime() - t0.getTime();
      if (end > 0) {
        owed += expectedBetween(start, end);
        while (owed >= 1) {
          owed -= 1;
          users += 1;
          const user = `u${users}`;
          const at = new Date(from.getTime() + random() * (to.getTime() - from.getTime()));
          const source = pickChannel();
          calls.push(call('identify', user, null, { plan: 'free' }, at, { source }));
          if (random() < model.returnShare) {
            returns.push({ user, at: at.getTime() + HOUR + random() * 40 * HOUR });
          }
          if (random() < model.surveyShare) {
            const score = npsScore(random());
            const answeredAt = new Date(at.getTime() + 2 * HOUR);
            calls.push(call('track', user, 'NPS Responded', { score }, answeredAt));
          }
          if (random() < 0.08) calls.push(call('track', user, 'Ticket Created', {}, at));
        }
      }
      for (let i = returns.length - 1; i >= 0; i -= 1) {
        const visit = returns[i];
        if (!visit || visit.at >= to.getTime()) continue;
        calls.push(call('track', visit.user, 'Dashboard Viewed', {}, new Date(visit.at)));
        returns.splice(i, 1);
      }
      return { samples, calls };
    },
    /** Sign-ups generated so far. */
    signups: () => users,
  };
}

/** Scores whose NPS is about +50: 60 % promoters, 30 % passives, 10 % detractors. */
function npsScore(roll: number): number {
  if (roll < 0.6) return roll < 0.3 ? 10 : 9;
  if (roll < 0.9) return roll < 0.75 ? 8 : 7;
  return 5;
}

function call(
  type: 'identify' | 'track',
  userId: string,
  event: string | null,
  properties: Record<string, unknown>,
  ts: Date,
  campaign?: { source: string },
): SegmentCall {
  return {
    type,
    userId,
    anonymousId: null,
    event,
    properties,
    context: campaign ? { campaign: { ...campaign, medium: 'launch' } } : {},
    ts,
    messageId: `demo-${type}-${userId}-${event ?? 'identify'}-${ts.getTime()}`,
    launchId: undefined,
  };
}

function ceilMinute(ms: number): number {
  return Math.ceil(ms / MIN) * MIN;
}

/** mulberry32: a small, good-enough seeded generator for a repeatable demo. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
