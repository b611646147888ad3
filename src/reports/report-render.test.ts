import { describe, expect, it } from 'vitest';
import { type MetricQuery, type MetricReading, noData } from '../metrics/metric-reader.ts';
import { collectReportContent, proratedUserTarget } from './report-content.ts';
import { type ReportModel, reportModel } from './report-model.ts';
import { reportPeriod } from './report-period.ts';
import {
  type PlanTemplate,
  ReportTemplateError,
  renderChatReport,
  renderEmailReport,
  reportTemplatesFor,
} from './report-templates.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = new Date('2026-12-01T15:00:00Z');
const launch = { id: 'launch-1', ventureId: 'acme', ventureName: 'Acme' };
const targets = { day1: 100, week1: 500 };

/** An in-memory reader: answers from `answer` and records every query. */
function memoryReader(answer: (q: MetricQuery) => MetricReading) {
  const queries: MetricQuery[] = [];
  return {
    queries,
    read: async (q: MetricQuery) => {
      queries.push(q);
      return answer(q);
    },
  };
}

async function modelFor(
  n: number,
  answer: (q: MetricQuery) => MetricReading,
  ventureName = 'Acme',
): Promise<ReportModel> {
  const content = await collectReportContent(memoryReader(answer), {
    launchId: launch.id,
    t0,
    period: reportPeriod(t0, n),
    targets,
  });
  return reportModel({ ...launch, ventureName }, content, []);
}

describe('report content', () => {
  it('reads each metric over the period and since T0 at the period end; the backlog as a level', async () => {
    const reader = memoryReader(() => ({ value: 1 }));
    await collectReportContent(reader, {
      launchId: launch.id,
      t0,
      period: reportPeriod(t0, 5),
      targets,
    });
    const at = new Date(t0.getTime() + 5 * HOUR);
    const uptime = reader.queries.filter((q) => q.name === 'uptime');
    expect(uptime).toEqual([
      { launchId: 'launch-1', name: 'uptime', at, windowMs: HOUR },
      { launchId: 'launch-1', name: 'uptime', at, windowMs: 5 * HOUR },
    ]);
    expect(reader.queries.filter((q) => q.name === 'support_backlog')).toEqual([
      { launchId: 'launch-1', name: 'support_backlog', at },
    ]);
    expect(reader.queries.filter((q) => q.name === 'new_users')).toEqual([
      { launchId: 'launch-1', name: 'new_users', at },
      { launchId: 'launch-1', name: 'new_users', at: new Date(t0.getTime() + 4 * HOUR) },
    ]);
    expect(reader.queries.filter((q) => q.name === 'nps_responses')).toHaveLength(2);
  });

  it('pro-rates the GTM target: day 1 over 24 h, then linearly to the week-1 target at day 7', () => {
    expect(proratedUserTarget(targets, 0)).toBe(0);
    expect(proratedUserTarget(targets, 12 * HOUR)).toBe(50);
    expect(proratedUserTarget(targets, DAY)).toBe(100);
    expect(proratedUserTarget(targets, 4 * DAY)).toBe(300);
    expect(proratedUserTarget(targets, 7 * DAY)).toBe(500);
    expect(proratedUserTarget(targets, 12 * DAY)).toBe(500);
  });

  it('shows new users against the pro-rated target for the period and since T0', async () => {
    const usersAt = (at: Date) => (at.getTime() - t0.getTime() === 11 * HOUR ? 22 : 25);
    const model = await modelFor(12, (q) => ({
      value: q.name === 'new_users' ? usersAt(q.at) : 1,
    }));
    const users = model.metrics.new_users;
    expect(users?.period).toBe('3 (target 4.2, 72 %)');
    expect(users?.cumulative).toBe('25 (target 50, 50 %)');

    const day4 = await modelFor(73, () => ({ value: 150 }));
    expect(day4.metrics.new_users?.period_target).toBeCloseTo(300 - 700 / 3, 6);
    expect(day4.metrics.new_users?.cumulative).toBe('150 (target 300, 50 %)');
    expect(day4.report.title).toBe('Daily launch report, day 4');
  });

  it('shows a missing reading as "no data (reason)", never as a zero', async () => {
    const model = await modelFor(3, (q) => {
      if (q.name === 'error_rate') return noData('prometheus: timeout after 10s');
      if (q.name === 'uptime') return { value: null };
      if (q.name === 'p95_response_time') return { value: Number.NaN };
      if (q.name === 'nps_responses') return noData('survey not sent');
      return { value: 40 };
    });
    expect(model.metrics.error_rate?.period).toBe('no data (prometheus: timeout after 10s)');
    expect(model.metrics.error_rate?.period_value).toBeNull();
    expect(model.metrics.uptime?.cumulative).toBe('no data (no reason given)');
    expect(model.metrics.p95_response_time?.period).toBe('no data (the source returned NaN)');
    expect(model.metrics.nps?.period).toBe('+40 (n = unknown)');

    const text = await renderChatReport(reportTemplatesFor([], 'hourly'), model);
    expect(text).toContain('• *Error rate*: no data (prometheus: timeout after 10s)');
    expect(text).not.toMatch(/Error rate\*: 0/);
    expect(text).not.toMatch(/Uptime\*: 0/);
    expect(text).toContain('*Triggers*: none pending or firing');
  });
});

describe('report templates', () => {
  it('escapes HTML in e-mail and Slack control characters in chat, not in plain text', async () => {
    const model = await modelFor(1, () => ({ value: 1 }), 'Acme <b>&</b>');
    const templates = reportTemplatesFor([], 'hourly');
    const email = await renderEmailReport(templates, model);
    const chat = await renderChatReport(templates, model);
    expect(email.html).toContain('Acme &lt;b&gt;&amp;&lt;/b&gt;');
    expect(email.html).not.toContain('<b>&</b>');
    expect(email.text).toContain('Acme <b>&</b>');
    expect(email.subject).toBe('[Acme <b>&</b>] Hourly launch report 1/72');
    expect(chat).toContain('*Hourly launch report 1/72 · Acme &lt;b&gt;&amp;&lt;/b&gt;*');
  });

  it('lists the trigger states it is given', async () => {
    const content = await collectReportContent(
      memoryReader(() => ({ value: 1 })),
      {
        launchId: launch.id,
        t0,
        period: reportPeriod(t0, 2),
        targets,
      },
    );
    const model = reportModel(launch, content, [
      { triggerId: 'LAUNCH-001', state: 'firing', since: null, detail: 'uptime 87 % < 90 %' },
      { triggerId: 'LAUNCH-003', state: 'pending', since: null, detail: null },
    ]);
    const templates = reportTemplatesFor([], 'hourly');
    expect(await renderChatReport(templates, model)).toContain(
      '*Triggers*: LAUNCH-001 firing (uptime 87 % &lt; 90 %); LAUNCH-003 pending',
    );
    expect((await renderEmailReport(templates, model)).subject).toBe(
      '[Acme] Hourly launch report 2/72: 1 trigger(s) firing',
    );
  });

  it("uses the plan's report_<cadence> templates for chat and e-mail (subject, HTML)", async () => {
    const planTemplates: PlanTemplate[] = [
      { id: 'launch-post', channel: 'chat', purpose: 'launch', body: 'not a report' },
      {
        id: 'hourly-chat',
        channel: 'chat',
        purpose: 'report_hourly',
        body: 'H{{ report.number }} {{ launch.venture_name }}: uptime {{ metrics.uptime.period }}',
      },
      {
        id: 'hourly-mail',
        channel: 'email',
        purpose: 'report_hourly',
        subject: '{{ launch.venture_name }} hour {{ report.number }}',
        body: '<p>{{ metrics.error_rate.period }}</p>',
      },
    ];
    const model = await modelFor(7, (q) =>
      q.name === 'uptime' ? { value: 99.5 } : noData('down <now>'),
    );
    const hourly = reportTemplatesFor(planTemplates, 'hourly');
    expect(await renderChatReport(hourly, model)).toBe('H7 Acme: uptime 99.5 %');
    const email = await renderEmailReport(hourly, model);
    expect(email.subject).toBe('Acme hour 7');
    expect(email.html).toBe('<p>no data (down &lt;now&gt;)</p>');
    expect(email.text).toContain('Hourly launch report 7/72: Acme');

    const daily = reportTemplatesFor(planTemplates, 'daily');
    expect(daily.chat.name).toBe('default chat');
    expect(daily.emailHtml.name).toBe('default email html');
  });

  it('fails with an error naming the template: unknown filter, unknown variable, syntax', async () => {
    const model = await modelFor(1, () => ({ value: 1 }));
    const broken = (body: string) =>
      renderChatReport(
        reportTemplatesFor(
          [{ id: 'bad-chat', channel: 'chat', purpose: 'report_hourly', body }],
          'hourly',
        ),
        model,
      );
    await expect(broken('{{ metrics.uptime.period | shout }}')).rejects.toThrow(
      /report template plan template 'bad-chat' \(report_hourly, chat\) failed: undefined filter: shout/,
    );
    await expect(broken('{{ metrics.uptme.period }}')).rejects.toThrow(
      /'bad-chat'.*undefined variable: metrics\.uptme/,
    );
    await expect(broken('{{ report.title ')).rejects.toBeInstanceOf(ReportTemplateError);
  });

  it('cannot read files or the prototype chain (sandbox)', async () => {
    const model = await modelFor(1, () => ({ value: 1 }));
    const render = (body: string) =>
      renderChatReport(
        reportTemplatesFor(
          [{ id: 'probe', channel: 'chat', purpose: 'report_hourly', body }],
          'hourly',
        ),
        model,
      );
    await expect(render('{% include "/etc/passwd" %}')).rejects.toThrow(
      /'probe'.*Failed to lookup/,
    );
    await expect(render('{% render "package.json" %}')).rejects.toThrow(/Failed to lookup/);
    await expect(render('{{ launch.constructor }}')).rejects.toThrow(/undefined variable/);
  });
});
