/**
 * The tasks of a launch that the automation ledger counts, with what each takes by hand today
 * (the backlog's ~40 h per launch, split by task; see docs/adr/0009-automation-ledger.md).
 */
export const automationTasks = {
  config_validation: { label: 'Plan and configuration checks', manualMinutes: 60 },
  entry_gates: { label: 'Entry gates with evidence', manualMinutes: 240 },
  timeline: { label: 'Minute-by-minute timeline', manualMinutes: 120 },
  playbook: { label: 'Contingency playbook', manualMinutes: 120 },
  prelaunch_validation: { label: 'Pre-launch validation', manualMinutes: 90 },
  readiness_signoff: { label: 'Team readiness sign-off', manualMinutes: 15 },
  go_no_go: { label: 'Go/no-go decision', manualMinutes: 60 },
  postponement: { label: 'Postponement', manualMinutes: 60 },
  deploy: { label: 'Deploy and verification', manualMinutes: 120 },
  activation: { label: 'Marketing activation send', manualMinutes: 20 },
  activation_check: { label: 'Deliverability and engagement check', manualMinutes: 30 },
  marketing_pause: { label: 'Marketing pause or resume', manualMinutes: 20 },
  monitoring: { label: 'Metric watching and alerting', manualMinutes: 30 },
  report: { label: 'Status report', manualMinutes: 15 },
  incident_response: { label: 'Incident triage and paging', manualMinutes: 60 },
  rollback_decision: { label: 'Rollback decision', manualMinutes: 30 },
  rollback: { label: 'Rollback execution', manualMinutes: 60 },
  communications: { label: 'User, press and investor communication', manualMinutes: 30 },
  exit_gates: { label: 'Exit gates', manualMinutes: 90 },
  handoff: { label: 'Stage 32 handoff package', manualMinutes: 240 },
  outcome_decision: { label: 'Extend, pivot or close decision', manualMinutes: 60 },
} as const satisfies Record<string, { label: string; manualMinutes: number }>;

/** A kind of task in the automation ledger. */
export type AutomationTask = keyof typeof automationTasks;
