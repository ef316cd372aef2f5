import { addDays, today } from '../server/common/dates';
import { BusinessError } from '../server/common/mutation';
import {
  checkPeriodFormat,
  periodCoverage,
  periodsOverlap,
} from '../server/modules/report/report.rules';
import {
  FeedbackReportsDocument,
  type FeedbackReportsQuery,
  type OrderDirection,
  SubmitFeedbackReportDocument,
  type SubmitFeedbackReportInput,
} from '../sdk/src';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, cadre, gid, posting, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const submit = (input: SubmitFeedbackReportInput, token = world.tokens.managerB) =>
  mutate(env, SubmitFeedbackReportDocument, input, token);

/** The whole response, for answers that are GraphQL errors rather than payloads. */
const raw = (input: SubmitFeedbackReportInput, token: string) =>
  env.graphql(SubmitFeedbackReportDocument, { input }, token);

/** An ACTIVE posting from unit A to township B, begun on 2026-01-01 and running past today. */
async function activePosting(startDate = '2026-01-01') {
  const c = await cadre(env.dataSource, { name: '报告干部', homeUnitId: world.units.unitA.id });
  return posting(env.dataSource, {
    cadreId: c.id,
    sendingUnitId: world.units.unitA.id,
    receivingUnitId: world.units.unitB.id,
    startDate,
    plannedEndDate: addDays(today(), 400),
  });
}

function report(postingId: number, period: string, daysOnSite = 60): SubmitFeedbackReportInput {
  return {
    postingId: gid('Posting', postingId),
    period,
    daysOnSite,
    politicalConduct: '政治立场坚定',
    performance: ' 积极参与乡村振兴工作 ',
    problems: '基层经验尚浅',
  };
}

/** The quarter after the current one, e.g. `2027-Q1` in November 2026. */
function nextQuarter(): string {
  const [year, month] = today().split('-').map(Number);
  const quarter = Math.floor((month - 1) / 3) + 2;
  return quarter > 4 ? `${year + 1}-Q1` : `${year}-Q${quarter}`;
}

async function userId(username: string): Promise<number> {
  const [row] = await env.dataSource.query('SELECT id FROM app_user WHERE username = $1', [
    username,
  ]);
  return row.id;
}

describe('report periods', () => {
  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31', 90],
    ['2024-Q1', '2024-01-01', '2024-03-31', 91],
    ['2026-Q2', '2026-04-01', '2026-06-30', 91],
    ['2026-Q3', '2026-07-01', '2026-09-30', 92],
    ['2026-Q4', '2026-10-01', '2026-12-31', 92],
    ['2026-02', '2026-02-01', '2026-02-28', 28],
    ['2024-02', '2024-02-01', '2024-02-29', 29],
    ['2026-12', '2026-12-01', '2026-12-31', 31],
  ])('reads %s as %s – %s (%i days) when parsed', async (period, start, end, days) => {
    expect((await periodCoverage(env.dataSource.manager, period)).period).toEqual({
      start,
      end,
      days,
    });
  });

  it.each([
    '2026-Q5',
    '2026-Q0',
    '2026-13',
    '2026-00',
    '2026/09',
    '26-Q1',
    '2026-9',
    '2026-q3',
    '9999-12',
    '1999-Q4',
  ])('rejects %s when it is not a quarter or month of 2000–2100', (period) => {
    expect(() => checkPeriodFormat(period)).toThrow(BusinessError);
  });
});

describe('overlapping periods', () => {
  it.each([
    ['2026-Q3', '2026-Q3', true],
    ['2026-Q3', '2026-07', true],
    ['2026-09', '2026-Q3', true],
    ['2026-12', '2026-Q4', true],
    ['2026-09', '2026-09', true],
    ['2026-Q3', '2026-10', false],
    ['2026-06', '2026-Q3', false],
    ['2026-Q3', '2025-Q3', false],
    ['2026-09', '2025-09', false],
    ['2026-Q1', '2026-Q2', false],
  ])('finds that %s and %s overlap: %s', (a, b, overlap) => {
    expect(periodsOverlap(a, b)).toBe(overlap);
  });
});

describe('submitFeedbackReport', () => {
  it('files the report with the viewer as submitter when the receiving unit’s manager submits it', async () => {
    const payload = await submit(report(world.postings.active.id, '2026-Q3', 80));
    expect(payload.userErrors).toEqual([]);
    expect(payload.feedbackReport).toMatchObject({
      period: '2026-Q3',
      daysOnSite: 80,
      performance: '积极参与乡村振兴工作',
    });
    const [row] = await env.dataSource.query(
      `SELECT submitted_by_id FROM feedback_report WHERE posting_id = $1 AND period = '2026-Q3'`,
      [world.postings.active.id],
    );
    expect(row.submitted_by_id).toBe(await userId('manager_b'));
    const [audit] = await env.dataSource.query(
      `SELECT action, actor_id, after->>'period' AS period FROM audit_entry
        WHERE entity = 'FeedbackReport' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({
      action: 'feedbackReport.submit',
      actor_id: await userId('manager_b'),
      period: '2026-Q3',
    });
  });

  it('files a monthly report when the org department submits it', async () => {
    const payload = await submit(
      report(world.postings.active.id, '2026-10', 31),
      world.tokens.admin,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.feedbackReport?.period).toBe('2026-10');
  });

  it('accepts every day of a 92-day quarter when the cadre never left', async () => {
    const p = await activePosting();
    const payload = await submit(report(p.id, '2026-Q3', 92));
    expect(payload.userErrors).toEqual([]);
  });

  it('refuses DAYS_EXCEED_PERIOD when the days exceed a 92-day quarter', async () => {
    const p = await activePosting();
    const payload = await expectRefused(env, 'DAYS_EXCEED_PERIOD', () =>
      submit(report(p.id, '2026-Q3', 93)),
    );
    expect(payload.userErrors[0].field).toEqual(['daysOnSite']);
  });

  it('refuses DAYS_EXCEED_PERIOD when the days exceed the 90 days of a common year’s Q1', async () => {
    const p = await activePosting();
    await expectRefused(env, 'DAYS_EXCEED_PERIOD', () => submit(report(p.id, '2026-Q1', 91)));
  });

  it('refuses DAYS_EXCEED_PERIOD when the days exceed February of a common year', async () => {
    const p = await activePosting();
    await expectRefused(env, 'DAYS_EXCEED_PERIOD', () => submit(report(p.id, '2026-02', 29)));
    expect((await submit(report(p.id, '2026-02', 28))).userErrors).toEqual([]);
  });

  it('refuses DAYS_EXCEED_PERIOD when the days exceed the part of the quarter after the posting began', async () => {
    const p = await activePosting('2026-09-21');
    const payload = await expectRefused(env, 'DAYS_EXCEED_PERIOD', () =>
      submit(report(p.id, '2026-Q3', 11)),
    );
    expect(payload.userErrors[0]).toMatchObject({
      field: ['daysOnSite'],
      message:
        'The posting covers 10 days of 2026-Q3 (2026-09-21 – 2026-09-30); 11 on site is too many',
    });
    expect((await submit(report(p.id, '2026-Q3', 10))).userErrors).toEqual([]);
  });

  it('refuses DAYS_EXCEED_PERIOD when the days exceed those of the current month so far', async () => {
    const p = await activePosting();
    const month = today().slice(0, 7);
    const sofar = Number(today().slice(8));
    await expectRefused(env, 'DAYS_EXCEED_PERIOD', () => submit(report(p.id, month, sofar + 1)));
    expect((await submit(report(p.id, month, sofar))).userErrors).toEqual([]);
  });

  it('refuses INVALID_DATES when the period has begun but the posting has not', async () => {
    const p = await activePosting(addDays(today(), 1));
    const [year, month] = addDays(today(), 1).split('-').map(Number);
    const quarter = `${year}-Q${Math.ceil(month / 3)}`;
    const payload = await expectRefused(env, 'INVALID_DATES', () =>
      submit(report(p.id, quarter, 0)),
    );
    expect(payload.userErrors[0].field).toEqual(['period']);
  });

  it('refuses DUPLICATE_PERIOD when a month lies within a quarter reported already', async () => {
    const p = await activePosting();
    expect((await submit(report(p.id, '2026-Q3', 60))).userErrors).toEqual([]);
    const payload = await expectRefused(env, 'DUPLICATE_PERIOD', () =>
      submit(report(p.id, '2026-09', 20)),
    );
    expect(payload.userErrors[0]).toMatchObject({
      field: ['period'],
      message: '2026-09 lies within 2026-Q3, reported already',
    });
    expect((await submit(report(p.id, '2026-10', 20))).userErrors).toEqual([]);
  });

  it('refuses DUPLICATE_PERIOD when a quarter includes a month reported already', async () => {
    const p = await activePosting();
    expect((await submit(report(p.id, '2026-08', 20))).userErrors).toEqual([]);
    const payload = await expectRefused(env, 'DUPLICATE_PERIOD', () =>
      submit(report(p.id, '2026-Q3', 60)),
    );
    expect(payload.userErrors[0].message).toBe('2026-Q3 includes 2026-08, reported already');
  });

  it.each(['2026-Q5', '2026-13', '2026/09', '2026-9', 'Q3-2026', '9999-12'])(
    'refuses INVALID_VALUE when the period is %s',
    async (period) => {
      const payload = await expectRefused(env, 'INVALID_VALUE', () =>
        submit(report(world.postings.active.id, period)),
      );
      expect(payload.userErrors[0].field).toEqual(['period']);
    },
  );

  it('refuses DUPLICATE_PERIOD when the period was reported already', async () => {
    await expectRefused(env, 'DUPLICATE_PERIOD', () =>
      submit(report(world.postings.active.id, '2026-Q2', 50)),
    );
  });

  it('refuses POSTING_NOT_ACTIVE when the posting has completed', async () => {
    await expectRefused(env, 'POSTING_NOT_ACTIVE', () =>
      submit(report(world.postings.completed.id, '2025-Q3')),
    );
  });

  it('refuses DATE_OUTSIDE_POSTING when the period ends before the posting starts', async () => {
    // The world's active posting starts on 2026-03-01.
    await expectRefused(env, 'DATE_OUTSIDE_POSTING', () =>
      submit(report(world.postings.active.id, '2026-01', 20)),
    );
  });

  it('refuses INVALID_DATES when the period has not begun', async () => {
    const p = await activePosting();
    await expectRefused(env, 'INVALID_DATES', () => submit(report(p.id, nextQuarter(), 0)));
  });

  it('is FORBIDDEN to the sending unit’s manager when another unit receives the cadre', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      raw(report(world.postings.active.id, '2026-Q4'), world.tokens.managerA),
    );
  });

  it('is NOT_FOUND to a manager when the posting is neither sent nor received by their unit', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      raw(report(world.postings.elsewhere.id, '2026-Q4'), world.tokens.managerB),
    );
  });

  it.each(['mentor', 'cadre', 'analyst'] as const)(
    'is FORBIDDEN when the caller’s role is %s',
    async (role) => {
      await expectDenied(env, 'FORBIDDEN', () =>
        raw(report(world.postings.active.id, '2026-Q4'), world.tokens[role]),
      );
    },
  );

  it('answers BAD_USER_INPUT when the days on site are negative', async () => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(report(world.postings.active.id, '2026-Q4', -1), world.tokens.managerB),
    );
  });

  it('answers BAD_USER_INPUT when the posting ID names another type', async () => {
    await expectDenied(env, 'BAD_USER_INPUT', () =>
      raw(
        { ...report(world.postings.active.id, '2026-Q4'), postingId: gid('Unit', 1) },
        world.tokens.managerB,
      ),
    );
  });

  it('lets exactly one of two simultaneous reports win when both are for the same period', async () => {
    const p = await activePosting();
    const results = await Promise.all([
      submit(report(p.id, '2026-Q3', 70)),
      submit(report(p.id, '2026-Q3', 71), world.tokens.admin),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'DUPLICATE_PERIOD']);
    const [{ n, audits }] = await env.dataSource.query(
      `SELECT (SELECT count(*)::int FROM feedback_report WHERE posting_id = $1) AS n,
              (SELECT count(*)::int FROM audit_entry a JOIN feedback_report r ON r.id = a.entity_id
                WHERE a.entity = 'FeedbackReport' AND r.posting_id = $1) AS audits`,
      [p.id],
    );
    expect({ n, audits }).toEqual({ n: 1, audits: 1 });
  });

  it('lets exactly one of two simultaneous reports win when one is for a month of the other’s quarter', async () => {
    const p = await activePosting();
    const results = await Promise.all([
      submit(report(p.id, '2026-Q3', 70)),
      submit(report(p.id, '2026-09', 25), world.tokens.admin),
    ]);
    const codes = results.map((r) => r.userErrors.map((e) => e.code).join()).sort();
    expect(codes).toEqual(['', 'DUPLICATE_PERIOD']);
    const [{ n }] = await env.dataSource.query(
      'SELECT count(*)::int AS n FROM feedback_report WHERE posting_id = $1',
      [p.id],
    );
    expect(n).toBe(1);
  });
});

describe('feedback reports in period order', () => {
  it('sorts 2026-Q2, 2026-Q3, 2026-10 by the days they cover, both ways and across pages', async () => {
    const p = await activePosting('2026-01-01');
    for (const period of ['2026-10', '2026-Q2', '2026-Q3']) {
      expect((await submit(report(p.id, period, 20), world.tokens.admin)).userErrors).toEqual([]);
    }
    const filter = { postingIds: [gid('Posting', p.id)] };
    const periods = async (direction: OrderDirection) => {
      const seen: { period: string; periodStart: string; periodEnd: string }[] = [];
      let after: string | null | undefined = null;
      do {
        const res: { data?: FeedbackReportsQuery | null } = await env.graphql(
          FeedbackReportsDocument,
          { first: 2, after, filter, orderBy: { field: 'PERIOD', direction } },
          world.tokens.admin,
        );
        const page: FeedbackReportsQuery['feedbackReports'] = res.data!.feedbackReports;
        seen.push(...page.edges.map((e) => e.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return seen;
    };
    const ascending = await periods('ASC');
    expect(ascending.map((r) => r.period)).toEqual(['2026-Q2', '2026-Q3', '2026-10']);
    expect(ascending.map((r) => [r.periodStart, r.periodEnd])).toEqual([
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-10-31'],
    ]);
    expect((await periods('DESC')).map((r) => r.period)).toEqual(['2026-10', '2026-Q3', '2026-Q2']);
  });
});
