import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.ts';
import { samplePlanYaml } from '../api/test-harness.ts';
import { SimulatedClock } from '../clock/clock.ts';
import { createLaunch } from '../launch/launch-service.ts';
import { classifyCategory, classifySentiment, themeWords } from './feedback-classifier.ts';
import { FeedbackFileError, readFeedbackFile } from './feedback-import.ts';
import { FeedbackInvalidError, recordFeedback } from './feedback-record.ts';
import { feedbackReport } from './feedback-report.ts';
import { feedbackDb } from './feedback-tables.ts';

describe('feedback: recording, classification and the report (real PostgreSQL)', () => {
  let t: TestDatabase;
  const clock = new SimulatedClock(new Date('2026-02-05T12:00:00Z'));
  const newLaunch = async () =>
    (await createLaunch({ db: t.db, clock }, { planYaml: samplePlanYaml, actor: 'test' })).launch
      .id;
  const stored = async (launchId: string) =>
    feedbackDb(t.db)
      .selectFrom('feedback_items')
      .selectAll()
      .where('launch_id', '=', launchId)
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('stores nothing of a batch with a bad item and names every bad field', async () => {
    const launchId = await newLaunch();
    const batch = [
      { kind: 'ticket', external_id: 'zd-1', text: 'Login fails', priority: 'P1' },
      { kind: 'survey', external_id: 's-1' },
      { kind: 'ticket', external_id: 'zd-2', priority: 'P5' },
      { kind: 'interview', external_id: 'i-1', nps_score: 9, priority: 'P2' },
    ];
    const error = await recordFeedback(t.db, clock, launchId, batch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedbackInvalidError);
    const invalid = error as FeedbackInvalidError;
    expect(invalid.status).toBe(422);
    expect(invalid.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'nps_score'],
      [2, 'priority'],
      [3, 'nps_score'],
      [3, 'priority'],
    ]);
    expect(invalid.path).toEqual(['items', 1, 'nps_score']);
    expect(await stored(launchId)).toEqual([]);
  });

  it('is idempotent by kind and external_id, within and across batches', async () => {
    const launchId = await newLaunch();
    const batch = [
      { kind: 'ticket', external_id: 'zd-1', text: 'The app crashes on login', priority: 'P0' },
      { kind: 'ticket', external_id: 'zd-1', text: 'same ticket sent twice' },
      { kind: 'survey', external_id: 'zd-1', nps_score: 10 },
    ];
    expect(await recordFeedback(t.db, clock, launchId, batch)).toEqual({
      received: 3,
      stored: 2,
      duplicates: 1,
    });
    expect(await recordFeedback(t.db, clock, launchId, batch)).toEqual({
      received: 3,
      stored: 0,
      duplicates: 3,
    });
    const rows = await stored(launchId);
    expect(rows.map((r) => [r.kind, r.external_id, r.text, r.category, r.category_source])).toEqual(
      [
        ['ticket', 'zd-1', 'The app crashes on login', 'bug', 'classified'],
        ['survey', 'zd-1', '', 'praise', 'classified'],
      ],
    );
    expect(rows[0]?.at).toEqual(clock.now());
  });

  it('rejects an unknown launch with 404', async () => {
    const error = await recordFeedback(
      t.db,
      clock,
      '00000000-0000-4000-8000-000000000000',
      [],
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('categorises and scores sentiment with the documented keyword rules', () => {
    expect(classifyCategory('The app crashes when I log in')).toBe('bug');
    expect(classifyCategory("Export doesn't work")).toBe('bug');
    expect(classifyCategory('Please add dark mode')).toBe('feature_request');
    expect(classifyCategory('It is confusing to find settings')).toBe('usability');
    expect(classifyCategory('How do I export my notes?')).toBe('question');
    expect(classifyCategory('Love it, thanks!')).toBe('praise');
    expect(classifyCategory('', 10)).toBe('praise');
    expect(classifyCategory('', 4)).toBe('question');
    expect(classifySentiment('Love it but export is slow and buggy')).toBe('negative');
    expect(classifySentiment('Great and easy')).toBe('positive');
    expect(classifySentiment('Where is the export button')).toBe('neutral');
    expect(classifySentiment('I hate it', 9)).toBe('positive');
    expect(classifySentiment('', 7)).toBe('neutral');
    expect(classifySentiment('', 6)).toBe('negative');
    expect(themeWords('Login fails with an error on Safari')).toEqual(['login', 'safari']);
  });

  it('reports categories, themes, sentiment, NPS with its 95 % CI and P0/P1 tickets', async () => {
    const launchId = await newLaunch();
    const tickets = [
      ['zd-1', 'Login fails on Safari', 'P1'],
      ['zd-2', 'Cannot login with Google', 'P2'],
      ['zd-3', 'The login page is slow', 'P3'],
      ['zd-4', 'Export to CSV broken', 'P0'],
      ['zd-5', 'Billing page error', 'P2'],
    ].map(([id, text, priority]) => ({ kind: 'ticket', external_id: id, text, priority }));
    const scores = [10, 10, 9, 8, 7, 6, 3, 0, 10, 9];
    const surveys = scores.map((score, i) => ({
      kind: 'survey',
      external_id: `s-${i}`,
      nps_score: score,
    }));
    const interviews = [
      {
        kind: 'interview',
        external_id: 'int-1',
        text: 'Would like a Zapier integration',
        sentiment: 'neutral',
      },
    ];
    await recordFeedback(t.db, clock, launchId, [...tickets, ...surveys, ...interviews]);

    const report = await feedbackReport(t.db, launchId);
    expect(report.dataPoints).toBe(16);
    expect(report.counts).toEqual({ tickets: 5, surveys: 10, interviews: 1 });
    // Hand-computed: 5 promoters, 2 passives, 3 detractors of 10 → NPS 20; variance
    // (0.5 + 0.3) − 0.2² = 0.76; half-width 1.96 × √(0.76 / 10) = 0.5403 → [−34.0, 74.0].
    expect(report.nps).toEqual({
      nps: 20,
      n: 10,
      promoters: 5,
      passives: 2,
      detractors: 3,
      ci95: [-34, 74],
    });
    expect(report.themes.slice(0, 2)).toEqual([
      {
        keyword: 'login',
        count: 3,
        percent: 60,
        of: 'tickets',
        sentence: '60 % of tickets are about login',
      },
      {
        keyword: 'page',
        count: 2,
        percent: 40,
        of: 'tickets',
        sentence: '40 % of tickets are about page',
      },
    ]);
    // tickets: 3 bug (fails, broken, error), 1 usability (slow), 1 question (default)
    // surveys: 9–10 → praise (5), others → question (5); interview → feature_request
    expect(report.byCategory.map((c) => [c.category, c.count, c.percent])).toEqual([
      ['question', 6, 37.5],
      ['praise', 5, 31.3],
      ['bug', 3, 18.8],
      ['feature_request', 1, 6.3],
      ['usability', 1, 6.3],
    ]);
    expect(report.sentiment).toEqual({
      positive: { count: 5, percent: 31.3 },
      neutral: { count: 4, percent: 25 },
      negative: { count: 7, percent: 43.8 },
    });
    expect(report.urgentTickets.map((u) => [u.externalId, u.priority, u.category])).toEqual([
      ['zd-1', 'P1', 'bug'],
      ['zd-4', 'P0', 'bug'],
    ]);
  });
});

describe('feedback files', () => {
  it('reads CSV with quoted commas, quotes and line breaks', () => {
    const csv =
      'kind,external_id,text,priority\r\nticket,zd-1,"Login fails, ""again""\non Safari",P1\r\n\r\ninterview,i-1,Nice,\r\n';
    expect(readFeedbackFile('tickets.csv', csv)).toEqual([
      {
        kind: 'ticket',
        external_id: 'zd-1',
        text: 'Login fails, "again"\non Safari',
        priority: 'P1',
      },
      { kind: 'interview', external_id: 'i-1', text: 'Nice' },
    ]);
  });

  it('names the line and column of every problem and imports nothing', () => {
    const csv = [
      'kind,external_id,text,nps_score',
      'ticket,zd-1,"Login fails, ""again""',
      'on Safari",',
      'survey,s-1,,eleven',
      'ticket,,Missing id,',
      'review,r-1,x',
    ].join('\n');
    const error = (() => {
      try {
        readFeedbackFile('tickets.csv', csv);
      } catch (e) {
        return e;
      }
    })() as FeedbackFileError;
    expect(error).toBeInstanceOf(FeedbackFileError);
    expect(error.problems.map((p) => p.split(': ')[0])).toEqual([
      'tickets.csv:4:13 (nps_score)',
      'tickets.csv:5:8 (external_id)',
      'tickets.csv:6:1',
      'tickets.csv:6:1 (kind)',
    ]);
    expect(error.problems[2]).toBe('tickets.csv:6:1: 3 field(s); the header has 4');
  });

  it('rejects an unknown header column and an unterminated quote with their position', () => {
    expect(() => readFeedbackFile('f.csv', 'kind,external_id,severity\n')).toThrow(
      "f.csv:1:18: unknown column 'severity'",
    );
    expect(() => readFeedbackFile('f.csv', 'kind,external_id,text\nticket,zd-1,"open\n')).toThrow(
      'f.csv:2:13: unterminated quoted field',
    );
  });

  it('reads JSON and names the item and field of a problem', () => {
    const json = JSON.stringify({
      items: [
        { kind: 'ticket', external_id: 'a' },
        { kind: 'survey', external_id: 'b' },
      ],
    });
    expect(() => readFeedbackFile('f.json', json)).toThrow(
      'f.json: items[1].nps_score: a survey answer needs nps_score (0–10)',
    );
    expect(readFeedbackFile('f.json', '[{"kind":"interview","external_id":"i"}]')).toEqual([
      { kind: 'interview', external_id: 'i' },
    ]);
  });
});
