/**
 * The internal interface between the trigger engine and everything that reacts to a trigger
 * (alert routing now; incidents, rollback proposals and marketing pauses later). The engine
 * enqueues one `trigger.event` job per transition to firing or resolved, in the same transaction
 * that stores the new rule state; the job hands the event to every registered handler.
 */
export type AlertLevel = 'critical' | 'warning' | 'info';

export interface TriggerEvent {
  /** Unique per transition: `<launchId>:<ruleId>:<firedAt ISO>:<state>` — the delivery key base. */
  id: string;
  launchId: string;
  /** `LAUNCH-001`…`LAUNCH-004` condition id (e.g. `LAUNCH-001.rollback_uptime`) or a custom rule id. */
  ruleId: string;
  /** The trigger this rule belongs to (`LAUNCH-001`…, or the custom rule id). */
  triggerId: string;
  state: 'firing' | 'resolved';
  level: AlertLevel;
  /** Incident severity for LAUNCH-001 style rules (P0–P3), when the rule carries one. */
  severity?: 'P0' | 'P1' | 'P2' | 'P3';
  /** The evaluated value at the transition (null when no data). */
  value: number | null;
  /** Human reason, e.g. "uptime 87.2 % < 90 % for 5m0s". */
  reason: string;
  /** ISO time of the transition on the injected clock. */
  at: string;
  /** When the alert started firing (stable across its firing → resolved pair). */
  firedAt: string;
  /** How many times this rule has fired in the launch (for "LAUNCH-001 > 3 times" escalation). */
  fireCount: number;
}

/** Something that reacts to trigger events. Handlers must be idempotent (use the delivery ledger). */
export interface TriggerEventHandler {
  readonly name: string;
  handle(event: TriggerEvent, context: TriggerHandlerContext): Promise<void>;
}

/** What a handler may use. */
export interface TriggerHandlerContext {
  db: import('../store/database.ts').Db;
  clock: import('../clock/clock.ts').Clock;
}
