import { describe, expect, it } from 'vitest';
import { classifyIncident, usersAffectedOf } from './decision-tree.ts';

describe('the incident decision tree (SPEC §3 defaults)', () => {
  const base = { ruleId: 'LAUNCH-001.incident_error_rate', ruleSeverity: 'P1' as const, value: 7 };

  it('security and data loss are P0 whatever the rule says', () => {
    expect(classifyIncident({ ...base, security: true })).toMatchObject({
      severity: 'P0',
      why: 'security breach',
      branch: 0,
    });
    expect(classifyIncident({ ...base, dataLoss: true })).toMatchObject({
      severity: 'P0',
      why: 'data loss',
    });
  });

  it('an outage (uptime below the rollback threshold) is P0', () => {
    const outage = classifyIncident({
      ruleId: 'LAUNCH-001.rollback_uptime',
      ruleSeverity: 'P0',
      value: 80,
    });
    expect(outage).toMatchObject({ severity: 'P0', branch: 2 });
  });

  it('more than 50 % of users affected is P1; a LAUNCH-001 P1 rule is P1', () => {
    expect(classifyIncident({ ...base, ruleSeverity: undefined, usersAffected: 62 })).toMatchObject(
      {
        severity: 'P1',
        why: 'more than 50 % of users affected',
      },
    );
    expect(classifyIncident({ ...base, usersAffected: 7 })).toMatchObject({
      severity: 'P1',
      why: 'major launch issue (LAUNCH-001)',
    });
  });

  it('cosmetic is P3; a minor issue under 10 % of users is P2; otherwise the rule decides', () => {
    const custom = { ruleId: 'signup-errors', value: 3 };
    expect(classifyIncident({ ...custom, cosmetic: true }).severity).toBe('P3');
    expect(classifyIncident({ ...custom, usersAffected: 4 }).severity).toBe('P2');
    expect(classifyIncident({ ...custom, ruleSeverity: 'P3' })).toMatchObject({
      severity: 'P3',
      branch: -1,
    });
    expect(classifyIncident(custom)).toMatchObject({ severity: 'P2', why: 'no branch matched' });
  });

  it('follows a plan tree: first branch that holds, magnitude conditions, rule prefixes', () => {
    const tree = [
      {
        when: { rule: 'LAUNCH-001.*', value_above: 40 },
        severity: 'P0' as const,
        why: 'error rate above 40 %',
      },
      {
        when: { rule: 'LAUNCH-001.*', value_below: 10 },
        severity: 'P2' as const,
        why: 'small error rate',
      },
    ];
    expect(classifyIncident({ ...base, value: 45 }, tree)).toMatchObject({
      severity: 'P0',
      branch: 0,
    });
    expect(classifyIncident({ ...base, value: 7 }, tree)).toMatchObject({
      severity: 'P2',
      branch: 1,
    });
    expect(classifyIncident({ ...base, value: 20 }, tree)).toMatchObject({
      severity: 'P1',
      branch: -1,
    });
    expect(classifyIncident({ ...base, value: null }, tree).severity).toBe('P1');
  });

  it('reads the share of users from error-rate and uptime rules only', () => {
    expect(usersAffectedOf('LAUNCH-001.rollback_error_rate', 62)).toBe(62);
    expect(usersAffectedOf('LAUNCH-001.rollback_uptime', 85)).toBe(15);
    expect(usersAffectedOf('LAUNCH-001.incident_p95_response', 3000)).toBeNull();
    expect(usersAffectedOf('LAUNCH-001.rollback_uptime', null)).toBeNull();
  });
});
