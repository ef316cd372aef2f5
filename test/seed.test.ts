import { EvaluationKind, EvaluationStatus } from '../server/modules/evaluation/evaluation-enums';
import {
  meanScore,
  weightedOverall,
} from '../server/modules/evaluation/evaluation-scoring.service';
import { Evaluation } from '../server/modules/evaluation/evaluation.entity';
import { BusinessError } from '../server/common/mutation';
import { Cadre, type CadreRank } from '../server/modules/cadre/cadre.entity';
import { cadreWriteService } from '../server/modules/cadre/cadre-write.service';
import { checkComplete, checkDate } from '../server/modules/evaluation/evaluation.rules';
import { Posting } from '../server/modules/posting/posting.entity';
import { checkDates, checkPostingParties } from '../server/modules/posting/posting.rules';
import { Candidate } from '../server/modules/selection/candidate.entity';
import { SelectionRound } from '../server/modules/selection/selection-round.entity';
import { Unit } from '../server/modules/unit/unit.entity';
import { normalizeUnitFields, unitFieldProblems } from '../server/modules/unit/unit.rules';
import { checkWorld, SeedRefusedError } from '../server/seed/checks';
import { DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { SEED_ACTOR, SEED_ACTOR_ID } from '../server/seed/users';
import { buildWorld } from '../server/seed/world';
import { gid, login } from './support/world';
import { OverallScoreDocument } from './generated/graphql';
import { createTestEnv, withField, type TestEnv } from './support/env';

/** The demo data must obey every rule the API enforces, so that what analysts see is plausible. */
let env: TestEnv;
let twin: TestEnv;

beforeAll(async () => {
  [env, twin] = await Promise.all([createTestEnv(), createTestEnv()]);
  await Promise.all([seedDemo(env.dataSource), seedDemo(twin.dataSource)]);
  // Through the services (thousands of mutations each): minutes on a busy 2-core machine.
}, 900_000);
afterAll(() => Promise.all([env.close(), twin.close()]));

const count = async (sql: string): Promise<number> => (await env.dataSource.query(sql))[0].n;

const LEVEL = `array_position(ARRAY['TOWNSHIP','COUNTY','CITY','PROVINCE'], $LEVEL)`;
const POSTINGS = `FROM posting p JOIN cadre c ON c.id = p.cadre_id
  JOIN unit su ON su.id = p.sending_unit_id JOIN unit ru ON ru.id = p.receiving_unit_id`;

/** Each query counts the rows that break one rule; every count must be 0. */
const VIOLATIONS: Record<string, string> = {
  'postings are sent by the cadre’s home unit to another unit': `SELECT count(*)::int n ${POSTINGS}
    WHERE p.sending_unit_id <> c.home_unit_id OR p.receiving_unit_id = p.sending_unit_id`,
  'type rules of DESIGN §2 hold': `SELECT count(*)::int n ${POSTINGS} WHERE
    (p.type = 'CROSS_DEPUTY' AND NOT c.is_trainee)
    OR (p.type = 'GRADUATE_ASSISTANT' AND (NOT c.is_recruited_graduate OR c.education = 'COLLEGE'))
    OR (p.type = 'SCHOOL_ASSISTANT' AND (su.kind <> 'SCHOOL' OR ru.kind <> 'SCHOOL'))
    OR (p.type = 'UPWARD' AND ${LEVEL.replace('$LEVEL', 'ru.admin_level')} <= ${LEVEL.replace('$LEVEL', 'su.admin_level')})
    OR (p.type = 'DOWNWARD' AND ru.kind NOT IN ('TOWNSHIP', 'SUBDISTRICT'))
    OR (p.type = 'OUTWARD' AND NOT ru.is_developed_region)
    OR (p.type = 'FRONTLINE' AND p.frontline_area IS NULL AND ru.frontline_area IS NULL)
    OR (p.type = 'HIGHER_ASSISTANT' AND NOT EXISTS (SELECT 1 FROM candidate k JOIN selection_round r ON r.id = k.round_id
      WHERE k.id = p.candidate_id AND k.cadre_id = p.cadre_id AND k.status = 'SELECTED'
        AND k.training_completed_at IS NOT NULL AND r.posting_type = 'HIGHER_ASSISTANT'))`,
  'active postings have complete 三定': `SELECT count(*)::int n FROM posting WHERE status = 'ACTIVE'
    AND (coalesce(btrim(training_plan), '') = '' OR cardinality(responsibilities) = 0 OR btrim(position_title) = '')`,
  'mentors lead the receiving unit, are not the cadre, and stay within the posting': `SELECT count(*)::int n
    FROM mentorship m JOIN cadre c ON c.id = m.mentor_id JOIN posting p ON p.id = m.posting_id
    WHERE NOT c.is_leadership OR c.home_unit_id <> p.receiving_unit_id OR m.mentor_id = p.cadre_id
      OR (m.end_date IS NULL AND p.status <> 'ACTIVE') OR m.start_date < p.start_date
      OR m.end_date > p.actual_end_date`,
  'no mentor has more than 3 active mentees': `SELECT count(*)::int n FROM (SELECT mentor_id FROM mentorship
    WHERE end_date IS NULL GROUP BY mentor_id HAVING count(*) > 3) x`,
  'mentor sessions fall within their mentorship': `SELECT count(*)::int n FROM mentor_session s
    JOIN mentorship m ON m.id = s.mentorship_id WHERE s.date < m.start_date OR s.date > m.end_date`,
  'reports are written for started postings, within the period length': `SELECT count(*)::int n
    FROM feedback_report r JOIN posting p ON p.id = r.posting_id
    WHERE p.status = 'PLANNED' OR r.days_on_site > CASE WHEN r.period LIKE '%Q%' THEN 92 ELSE 31 END`,
  'evaluations fall within their posting': `SELECT count(*)::int n FROM evaluation e JOIN posting p ON p.id = e.posting_id
    WHERE p.status = 'PLANNED' OR e.date < p.start_date`,
  'submitted evaluations have a grade and all seven scores': `SELECT count(*)::int n FROM evaluation
    WHERE status <> 'DRAFT' AND (grade IS NULL OR political_conduct_score IS NULL OR moral_character_score IS NULL
      OR leadership_score IS NULL OR work_ability_score IS NULL OR mass_line_score IS NULL
      OR initiative_score IS NULL OR discipline_score IS NULL)`,
  'EXCELLENT final grades stay within the quota rule per receiving-unit kind and year': `SELECT count(*)::int n FROM (
    SELECT u.kind, extract(year FROM e.date) y, count(*) FILTER (WHERE e.grade = 'EXCELLENT' AND e.status = 'FINALIZED') exc,
      count(*) total FROM evaluation e JOIN posting p ON p.id = e.posting_id JOIN unit u ON u.id = p.receiving_unit_id
    WHERE e.kind = 'FINAL' GROUP BY 1, 2) g WHERE exc > greatest(1, floor(0.2 * total))`,
  'no round has selected more than its quota': `SELECT count(*)::int n FROM selection_round r
    WHERE (SELECT count(*) FROM candidate k WHERE k.round_id = r.id AND k.status = 'SELECTED') > r.quota`,
  'debriefs discuss completed postings only': `SELECT count(*)::int n FROM debrief_posting dp
    JOIN posting p ON p.id = dp.posting_id WHERE p.status <> 'COMPLETED'`,
};

describe('demo seed', () => {
  it.each(Object.entries(VIOLATIONS))('obeys the rule: %s', async (_rule, sql) => {
    expect(await count(sql)).toBe(0);
  });

  it('covers every kind of unit and level, and at least 40 units and 300 cadres', async () => {
    expect(await count('SELECT count(DISTINCT kind)::int n FROM unit')).toBe(8);
    expect(await count('SELECT count(DISTINCT admin_level)::int n FROM unit')).toBe(4);
    expect(await count('SELECT count(*)::int n FROM unit')).toBeGreaterThanOrEqual(40);
    expect(await count('SELECT count(*)::int n FROM cadre')).toBeGreaterThanOrEqual(300);
  });

  it('has postings of all 8 types in every status', async () => {
    expect(await count('SELECT count(DISTINCT (type, status))::int n FROM posting')).toBe(32);
  });

  it('has evaluations of every kind, grade and status, and promotions', async () => {
    expect(await count('SELECT count(DISTINCT kind)::int n FROM evaluation')).toBe(3);
    expect(await count('SELECT count(DISTINCT grade)::int n FROM evaluation')).toBe(4);
    expect(await count('SELECT count(DISTINCT status)::int n FROM evaluation')).toBe(3);
    expect(
      await count(`SELECT count(*)::int n FROM career_event WHERE kind = 'PROMOTED'`),
    ).toBeGreaterThan(0);
    expect(await count('SELECT count(*)::int n FROM mentor_session')).toBeGreaterThan(0);
  });

  it('wires the demo users to data that exercises their roles', async () => {
    const [row] = await env.dataSource.query(`
      SELECT
        (SELECT count(*) FROM posting WHERE sending_unit_id = m.unit_id)::int AS sent,
        (SELECT count(*) FROM posting WHERE receiving_unit_id = m.unit_id AND status = 'ACTIVE')::int AS received,
        (SELECT count(*) FROM mentorship WHERE mentor_id = mt.cadre_id AND end_date IS NULL)::int AS mentees,
        (SELECT count(*) FROM posting WHERE cadre_id = cd.cadre_id AND status = 'ACTIVE')::int AS cadre_active
      FROM app_user m, app_user mt, app_user cd
      WHERE m.username = 'manager' AND mt.username = 'mentor' AND cd.username = 'cadre'`);
    expect(row.sent).toBeGreaterThan(0);
    expect(row.received).toBeGreaterThan(0);
    expect(row.mentees).toBeGreaterThan(0);
    expect(row.cadre_active).toBe(1);
    const roles = await env.dataSource.query(
      `SELECT username, role FROM app_user WHERE username IN ('admin','manager','mentor','cadre','analyst') ORDER BY username`,
    );
    expect(roles.map((r: { role: string }) => r.role).sort()).toEqual([
      'ANALYST',
      'CADRE',
      'MENTOR',
      'ORG_ADMIN',
      'UNIT_MANAGER',
    ]);
  });

  it('leaves the planner statistics of every seeded table (ANALYZE)', async () => {
    const tables: { name: string; analyzed: boolean }[] = await env.dataSource.query(
      `SELECT relname AS name, last_analyze IS NOT NULL AS analyzed
         FROM pg_stat_user_tables WHERE relname = ANY($1) ORDER BY relname`,
      [['unit', 'cadre', 'posting', 'evaluation', 'audit_entry']],
    );
    expect(tables).toEqual(
      ['audit_entry', 'cadre', 'evaluation', 'posting', 'unit'].map((name) => ({
        name,
        analyzed: true,
      })),
    );
  });

  it('is deterministic: two seeds give the same rows', async () => {
    const digest = (ds: TestEnv) =>
      ds.dataSource.query(`SELECT
        (SELECT md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.id)) FROM posting x) AS postings,
        (SELECT md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.id)) FROM cadre x) AS cadres,
        (SELECT md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.id)) FROM evaluation x) AS evaluations`);
    expect(await digest(env)).toEqual(await digest(twin));
  });
});

describe('demo seed scores', () => {
  it('freezes every finalized FINAL evaluation’s overall score as finalizeEvaluation would', async () => {
    expect(
      await count(
        `SELECT count(*)::int n FROM evaluation WHERE kind = 'FINAL' AND status = 'FINALIZED' AND overall_score IS NULL`,
      ),
    ).toBe(0);
    const [row] = await env.dataSource.query(
      `SELECT e.id FROM evaluation e WHERE kind = 'FINAL' AND status = 'FINALIZED' ORDER BY id LIMIT 1`,
    );
    const [{ overall_score: stored }] = await env.dataSource.query(
      'SELECT overall_score FROM evaluation WHERE id = $1',
      [row.id],
    );
    const token = await login(env, 'admin', DEMO_PASSWORD);
    const res = await env.graphql(OverallScoreDocument, { id: gid('Evaluation', row.id) }, token);
    expect(withField(res.data?.node, 'overallScore').overallScore).toBe(Number(stored));
  });

  it('stores the score the service’s formula gives, for every finalized FINAL evaluation', async () => {
    const repo = env.dataSource.getRepository(Evaluation);
    const finals = await repo.find({
      where: { kind: EvaluationKind.FINAL, status: EvaluationStatus.FINALIZED },
    });
    const [policy] = await env.dataSource.query(
      'SELECT routine_weight, tracking_weight, final_weight FROM policy',
    );
    const weights = {
      routineWeight: Number(policy.routine_weight),
      trackingWeight: Number(policy.tracking_weight),
      finalWeight: Number(policy.final_weight),
    };
    expect(finals.length).toBeGreaterThan(10);
    for (const final of finals) {
      const parts = await repo.find({
        where: { postingId: final.postingId, status: EvaluationStatus.FINALIZED },
      });
      const means = (kind: EvaluationKind) =>
        parts
          .filter((e) => e.kind === kind)
          .map(meanScore)
          .filter((m): m is number => m !== null);
      const expected = weightedOverall(weights, {
        routine: means(EvaluationKind.ROUTINE),
        tracking: means(EvaluationKind.TRACKING_INSPECTION),
        final: meanScore(final),
      });
      expect(final.overallScore).toBeCloseTo(expected!, 2);
    }
  });
});

/** Every node type the demo seed writes, and its table. */
const SEEDED: Record<string, string> = {
  Unit: 'unit',
  Cadre: 'cadre',
  User: 'app_user',
  CareerEvent: 'career_event',
  SelectionRound: 'selection_round',
  Candidate: 'candidate',
  Posting: 'posting',
  Mentorship: 'mentorship',
  MentorSession: 'mentor_session',
  FeedbackReport: 'feedback_report',
  Evaluation: 'evaluation',
  Debrief: 'debrief',
  ExperienceArticle: 'experience_article',
};

/** The demo's fixed "today" (seed/dates.ts), the day the services' rules were run on. */
const DEMO_TODAY = '2026-11-01';

describe('demo seed through the services', () => {
  it('acts as its own seed account: a deactivated ORG_ADMIN, named on the audit trail', async () => {
    const [actor] = await env.dataSource.query(
      'SELECT id, username, role, is_active FROM app_user WHERE id = $1',
      [SEED_ACTOR_ID],
    );
    expect(actor).toEqual({
      id: SEED_ACTOR_ID,
      username: SEED_ACTOR,
      role: 'ORG_ADMIN',
      is_active: false,
    });
    // Only the actor's own account was made by the system, before the actor existed.
    const unattributed = await env.dataSource.query(
      'SELECT entity, entity_id FROM audit_entry WHERE actor_id IS NULL',
    );
    expect(unattributed).toEqual([{ entity: 'User', entity_id: SEED_ACTOR_ID }]);
    // Everything else is the seed actor's, but what a rule ties to its author.
    const others = await env.dataSource.query(
      `SELECT DISTINCT a.action, u.role FROM audit_entry a JOIN app_user u ON u.id = a.actor_id
        WHERE a.actor_id <> $1 ORDER BY 1, 2`,
      [SEED_ACTOR_ID],
    );
    for (const { action } of others) {
      expect(['feedbackReport.submit', 'evaluation.create', 'evaluation.submit']).toContain(action);
    }
    expect(
      await count(`SELECT count(*)::int n FROM audit_entry WHERE actor_id = ${SEED_ACTOR_ID}`),
    ).toBeGreaterThan(1000);
  });

  it.each(Object.entries(SEEDED))(
    'leaves an audit entry for every %s it wrote, dated in the demo’s history',
    async (type, table) => {
      expect(await count(`SELECT count(*)::int n FROM ${table}`)).toBeGreaterThan(0);
      const missing = await count(`SELECT count(*)::int n FROM ${table} x
        WHERE NOT EXISTS (SELECT 1 FROM audit_entry a WHERE a.entity = '${type}' AND a.entity_id = x.id)`);
      expect(missing).toBe(0);
      const late = await count(`SELECT count(*)::int n FROM audit_entry
        WHERE entity = '${type}' AND at >= '${DEMO_TODAY}'::date + 2`);
      expect(late).toBe(0);
    },
  );

  it('passes the services’ rules when they are run again over what it wrote', async () => {
    const m = env.dataSource.manager;
    const refusals: string[] = [];
    const rule = (what: string, check: () => void) => {
      try {
        check();
      } catch (error) {
        if (!(error instanceof BusinessError)) throw error;
        refusals.push(`${what}: ${error.code} ${error.message}`);
      }
    };
    const units = new Map((await m.find(Unit)).map((u) => [u.id, u]));
    for (const u of units.values()) {
      for (const p of unitFieldProblems(normalizeUnitFields({ ...u })))
        refusals.push(`unit ${u.id}: ${p.code} ${p.message.en}`);
    }
    const cadres = new Map((await m.find(Cadre)).map((c) => [c.id, c]));
    for (const c of cadres.values()) {
      for (const p of cadreWriteService.problems({ ...c }, DEMO_TODAY))
        refusals.push(`cadre ${c.id}: ${p.code} ${p.message.en}`);
    }
    const rounds = new Map((await m.find(SelectionRound)).map((r) => [r.id, r]));
    const candidates = new Map((await m.find(Candidate)).map((k) => [k.id, k]));
    const postings = new Map((await m.find(Posting)).map((p) => [p.id, p]));
    // The rank rules read the cadre as at the write: the rank before the first later change of
    // it on the audit trail, else the rank now.
    const rankAtCreation = new Map<number, CadreRank>(
      (
        await m.query(
          `SELECT p.id, coalesce((SELECT a.before->>'rank' FROM audit_entry a
              WHERE a.entity = 'Cadre' AND a.entity_id = p.cadre_id AND a.at > p.created_at
                AND a.before->>'rank' IS DISTINCT FROM a.after->>'rank'
              ORDER BY a.at, a.id LIMIT 1), c.rank) AS rank
             FROM posting p JOIN cadre c ON c.id = p.cadre_id`,
        )
      ).map((r: { id: number; rank: CadreRank }) => [r.id, r.rank]),
    );
    for (const p of postings.values()) {
      const cadre = Object.assign(new Cadre(), cadres.get(p.cadreId)!, {
        rank: rankAtCreation.get(p.id)!,
      });
      const k = p.candidateId === null ? null : candidates.get(p.candidateId)!;
      rule(`posting ${p.id}`, () => {
        checkDates(p.startDate, p.plannedEndDate);
        checkPostingParties({
          type: p.type,
          positionRank: p.positionRank,
          frontlineArea: p.frontlineArea,
          cadre,
          homeUnit: units.get(p.sendingUnitId)!,
          receivingUnit: units.get(p.receivingUnitId)!,
          candidate: k && Object.assign(k, { round: rounds.get(k.roundId)! }),
        });
      });
    }
    for (const e of await m.find(Evaluation)) {
      rule(`evaluation ${e.id}`, () => {
        checkDate(postings.get(e.postingId)!, e.kind, e.date, DEMO_TODAY);
        if (e.status !== EvaluationStatus.DRAFT) checkComplete(e);
      });
    }
    expect(refusals).toEqual([]);
    expect(postings.size).toBeGreaterThan(100);
  });
});

describe('demo seed, bulk path (scale > 1)', () => {
  it('checks the generated world with the services’ rules and finds nothing at scales 1 and 2', () => {
    expect(() => checkWorld(buildWorld(1, 'hash'))).not.toThrow();
    expect(() => checkWorld(buildWorld(2, 'hash'))).not.toThrow();
  });

  it('refuses a world that breaks a rule, with that rule’s code', () => {
    const world = buildWorld(1, 'hash');
    world.postings[3].planned_end_date = world.postings[3].start_date;
    expect(() => checkWorld(world)).toThrow(SeedRefusedError);
    try {
      checkWorld(world);
    } catch (error) {
      expect((error as SeedRefusedError).code).toBe('INVALID_DATES');
      expect((error as SeedRefusedError).step).toBe(`posting ${world.postings[3].id}`);
    }
  });
});
