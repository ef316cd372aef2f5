import { addDays, today } from '../server/common/dates';
import { CadreRank } from '../server/modules/cadre/cadre.entity';
import {
  AssignMentorDocument,
  LogMentorSessionDocument,
  type AssignMentorInput,
  type LogMentorSessionInput,
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

const assign = (input: AssignMentorInput, token = world.tokens.managerB) =>
  mutate(env, AssignMentorDocument, input, token);

const logSession = (input: LogMentorSessionInput, token: string) =>
  mutate(env, LogMentorSessionDocument, input, token);

/** A cadre of unit A on an ACTIVE posting at township B, without a mentor. */
async function menteeAtB(name: string) {
  const c = await cadre(env.dataSource, { name, homeUnitId: world.units.unitA.id });
  return posting(env.dataSource, {
    cadreId: c.id,
    sendingUnitId: world.units.unitA.id,
    receivingUnitId: world.units.unitB.id,
    startDate: addDays(today(), -60),
    plannedEndDate: addDays(today(), 300),
  });
}

async function leaderOfB(name: string) {
  return cadre(env.dataSource, {
    name,
    homeUnitId: world.units.unitB.id,
    isLeadership: true,
    rank: CadreRank.SECTION_DEPUTY,
  });
}

const activeMentors = async (postingId: number) =>
  (await env.dataSource.query(
    'SELECT mentor_id FROM mentorship WHERE posting_id = $1 AND end_date IS NULL',
    [postingId],
  )) as { mentor_id: number }[];

describe('assignMentor', () => {
  it('assigns a leader of the receiving unit when the posting has no mentor', async () => {
    const p = await menteeAtB('甲');
    const leader = await leaderOfB('孙书记');
    const payload = await assign({
      postingId: gid('Posting', p.id),
      mentorId: gid('Cadre', leader.id),
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.mentorship).toMatchObject({
      startDate: today(),
      endDate: null,
      mentor: { name: '孙书记' },
    });
  });

  it('refuses POSTING_HAS_MENTOR unless replaceCurrent is set, then ends the old mentoring the same day', async () => {
    const newLeader = await leaderOfB('吴镇长');
    const input = {
      postingId: gid('Posting', world.postings.active.id),
      mentorId: gid('Cadre', newLeader.id),
    };
    await expectRefused(env, 'POSTING_HAS_MENTOR', () => assign(input));
    const replaced = await assign({ ...input, replaceCurrent: true });
    expect(replaced.userErrors).toEqual([]);
    const [old] = await env.dataSource.query('SELECT end_date FROM mentorship WHERE id = $1', [
      world.mentorships.mentorship.id,
    ]);
    expect(old.end_date).toBe(today());
    expect(await activeMentors(world.postings.active.id)).toEqual([{ mentor_id: newLeader.id }]);
    await expectRefused(env, 'ALREADY_MENTOR', () => assign({ ...input, replaceCurrent: true }));
  });

  it('refuses MENTOR_NOT_LEADERSHIP for a cadre outside the receiving unit’s leadership team', async () => {
    const p = await menteeAtB('乙');
    for (const mentor of [world.cadres.cadreB1, world.cadres.leaderA]) {
      await expectRefused(env, 'MENTOR_NOT_LEADERSHIP', () =>
        assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', mentor.id) }),
      );
    }
  });

  it('refuses MENTOR_IS_CADRE when the posted cadre would mentor themself', async () => {
    const p = await menteeAtB('丙');
    await env.dataSource.query(
      'UPDATE cadre SET home_unit_id = $1, is_leadership = true WHERE id = $2',
      [world.units.unitB.id, p.cadreId],
    );
    await expectRefused(env, 'MENTOR_IS_CADRE', () =>
      assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', p.cadreId) }),
    );
  });

  it('refuses MENTOR_OVERLOADED when the mentor already has 3 active mentees', async () => {
    const leader = await leaderOfB('郑主任');
    for (const name of ['丁', '戊', '己']) {
      const p = await menteeAtB(name);
      const ok = await assign({
        postingId: gid('Posting', p.id),
        mentorId: gid('Cadre', leader.id),
      });
      expect(ok.userErrors).toEqual([]);
    }
    const fourth = await menteeAtB('庚');
    await expectRefused(env, 'MENTOR_OVERLOADED', () =>
      assign({ postingId: gid('Posting', fourth.id), mentorId: gid('Cadre', leader.id) }),
    );
  });

  it('is held by the database too: a fourth active mentorship written past the service is refused', async () => {
    const leader = await leaderOfB('钱主任');
    const insert = async (name: string) => {
      const p = await menteeAtB(name);
      return env.dataSource.query(
        `INSERT INTO mentorship (posting_id, mentor_id, start_date) VALUES ($1, $2, $3)`,
        [p.id, leader.id, today()],
      );
    };
    for (const name of ['辛', '壬', '癸']) await insert(name);
    await expect(insert('子')).rejects.toMatchObject({
      code: '23514',
      constraint: 'mentorship_mentor_load',
    });
    // Ending one mentoring frees the place.
    await env.dataSource.query(
      `UPDATE mentorship SET end_date = $2 WHERE id = (SELECT min(id) FROM mentorship WHERE mentor_id = $1)`,
      [leader.id, today()],
    );
    await expect(insert('丑')).resolves.toBeDefined();
  });

  it('refuses POSTING_NOT_ACTIVE for a completed posting', async () => {
    await expectRefused(env, 'POSTING_NOT_ACTIVE', () =>
      assign(
        {
          postingId: gid('Posting', world.postings.completed.id),
          mentorId: gid('Cadre', world.cadres.leaderB.id),
        },
        world.tokens.admin,
      ),
    );
  });

  it('is FORBIDDEN to the sending unit’s manager, and to mentors and cadres', async () => {
    const p = await menteeAtB('辛');
    const input = {
      postingId: gid('Posting', p.id),
      mentorId: gid('Cadre', world.cadres.leaderB.id),
    };
    for (const token of [world.tokens.managerA, world.tokens.mentor, world.tokens.cadre]) {
      await expectDenied(env, 'FORBIDDEN', () =>
        env.graphql(AssignMentorDocument, { input }, token),
      );
    }
  });

  it('lets exactly one of two simultaneous assignments to one posting win', async () => {
    const p = await menteeAtB('壬');
    const [x, y] = [await leaderOfB('王一'), await leaderOfB('王二')];
    const results = await Promise.all([
      assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', x.id) }),
      assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', y.id) }),
    ]);
    expect(results.map((r) => r.userErrors.map((e) => e.code).join()).sort()).toEqual([
      '',
      'POSTING_HAS_MENTOR',
    ]);
    expect(await activeMentors(p.id)).toHaveLength(1);
  });

  it('never gives a mentor a fourth mentee, even with two assignments at once', async () => {
    const leader = await leaderOfB('冯委员');
    for (const name of ['子', '丑']) {
      const p = await menteeAtB(name);
      await assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', leader.id) });
    }
    const [p3, p4] = [await menteeAtB('寅'), await menteeAtB('卯')];
    const results = await Promise.all(
      [p3, p4].map((p) =>
        assign({ postingId: gid('Posting', p.id), mentorId: gid('Cadre', leader.id) }),
      ),
    );
    expect(results.map((r) => r.userErrors.map((e) => e.code).join()).sort()).toEqual([
      '',
      'MENTOR_OVERLOADED',
    ]);
    const [{ n }] = await env.dataSource.query(
      'SELECT count(*)::int AS n FROM mentorship WHERE mentor_id = $1 AND end_date IS NULL',
      [leader.id],
    );
    expect(n).toBe(3);
  });
});

describe('logMentorSession', () => {
  let mentorshipId: string;
  beforeAll(async () => {
    const p = await menteeAtB('癸');
    const payload = await assign({
      postingId: gid('Posting', p.id),
      mentorId: gid('Cadre', world.cadres.leaderB.id),
      startDate: addDays(today(), -30),
    });
    mentorshipId = payload.mentorship!.id;
  });

  it('records a meeting when the mentor logs it', async () => {
    const payload = await logSession(
      { mentorshipId, date: addDays(today(), -1), topic: '明确方向', notes: '讨论下一阶段工作' },
      world.tokens.mentor,
    );
    expect(payload.userErrors).toEqual([]);
    expect(payload.mentorSession).toMatchObject({ topic: '明确方向' });
  });

  it('refuses DATE_OUTSIDE_POSTING for a date before the mentoring or in the future', async () => {
    for (const date of [addDays(today(), -31), addDays(today(), 1)]) {
      await expectRefused(env, 'DATE_OUTSIDE_POSTING', () =>
        logSession({ mentorshipId, date, topic: '思想交流' }, world.tokens.managerB),
      );
    }
  });

  it('is FORBIDDEN to the sending unit’s manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(
        LogMentorSessionDocument,
        { input: { mentorshipId, date: today(), topic: '思想交流' } },
        world.tokens.managerA,
      ),
    );
  });
});
