import { describe, expect, it } from 'vitest';
import { monitorsSchema } from '../../plan/sections/monitors.ts';
import { toMonitorSpec } from './monitor-spec.ts';

const t0 = new Date('2026-12-01T10:00:00Z');
const monitoringEnd = new Date('2026-12-08T10:00:00Z');

describe('monitors in the plan', () => {
  it('become scheduler specs with durations in ms and run_until resolved against T0', () => {
    const [monitor] = monitorsSchema.parse([
      {
        id: 'status-api',
        type: 'http',
        url: 'http://10.0.0.7:8080/status',
        method: 'POST',
        body: '{"deep":true}',
        headers: { 'X-Check': 'launchcrew' },
        headers_env: { Authorization: 'STATUS_TOKEN' },
        interval: '30s',
        timeout: '5s',
        retries: 2,
        run_until: 'T+3d',
      },
    ]);
    if (!monitor) throw new Error('no monitor parsed');
    expect(toMonitorSpec('launch-1', monitor, { t0, monitoringEnd })).toEqual({
      launchId: 'launch-1',
      monitorId: 'status-api',
      target: {
        type: 'http',
        url: 'http://10.0.0.7:8080/status',
        method: 'POST',
        expectedStatus: 200,
        headers: { 'X-Check': 'launchcrew' },
        headersEnv: { Authorization: 'STATUS_TOKEN' },
        body: '{"deep":true}',
      },
      intervalMs: 30_000,
      timeoutMs: 5_000,
      retries: 2,
      runUntil: new Date('2026-12-04T10:00:00Z'),
    });
  });

  it('stop at the end of the monitoring window when run_until is later or absent', () => {
    const monitors = monitorsSchema.parse([
      { id: 'db', type: 'tcp', host: 'db.acme.example', port: 5432 },
      { id: 'late', type: 'tcp', host: 'db.acme.example', port: 5432, run_until: 'T+30d' },
    ]);
    const ends = monitors.map((m) => toMonitorSpec('launch-1', m, { t0, monitoringEnd }).runUntil);
    expect(ends).toEqual([monitoringEnd, monitoringEnd]);
  });

  it('reject a body without POST and credential headers outside headers_env', () => {
    const result = monitorsSchema.safeParse([
      { id: 'a', type: 'http', url: 'https://acme.example/', body: 'x' },
      {
        id: 'b',
        type: 'http',
        url: 'https://acme.example/',
        headers: { Authorization: 'Bearer x' },
      },
      { id: 'c', type: 'http', url: 'https://acme.example/', headers_env: { 'X-Key': 'not-env' } },
    ]);
    expect(result.success).toBe(false);
    const problems = result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(problems).toEqual([
      ['0.body', 'body is only sent with method POST'],
      [
        '1.headers',
        'credential headers (Authorization, Cookie, X-API-Key) must come from headers_env',
      ],
      ['2.headers_env.X-Key', 'must name an environment variable, e.g. "SENDGRID_API_KEY"'],
    ]);
  });
});
