import {
  ScheduleDebriefDocument,
  SubmitExperienceArticleDocument,
  type ScheduleDebriefInput,
} from '../sdk/src';
import {
  MarkArticleVenuesDocument,
  RecordDebriefOutcomeTextDocument,
  ScheduleDebriefWithPostingsDocument,
  SubmitArticleOnPostingDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { expectDenied, expectRefused, mutate } from './support/mutations';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

const schedule = (input: ScheduleDebriefInput, token = world.tokens.admin) =>
  mutate(env, ScheduleDebriefWithPostingsDocument, input, token);

describe('debriefs', () => {
  it('schedules a seminar for completed postings and records its outcome', async () => {
    const payload = await schedule({
      title: '2025年度挂职干部座谈会',
      date: '2026-01-15',
      postingIds: [gid('Posting', world.postings.completed.id)],
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.debrief).toMatchObject({
      title: '2025年度挂职干部座谈会',
      postings: { totalCount: 1 },
    });
    const outcome = await mutate(
      env,
      RecordDebriefOutcomeTextDocument,
      {
        debriefId: payload.debrief!.id,
        summary: '交流了基层工作经验',
        problemsFound: '个别单位安排辅助性工作',
        suggestions: '进一步明确挂职岗位职责',
      },
      world.tokens.admin,
    );
    expect(outcome.debrief).toEqual({
      summary: '交流了基层工作经验',
      problemsFound: '个别单位安排辅助性工作',
      suggestions: '进一步明确挂职岗位职责',
    });
  });

  it('refuses POSTING_NOT_ENDED when a posting is still active', async () => {
    await expectRefused(env, 'POSTING_NOT_ENDED', () =>
      schedule({
        title: '座谈会',
        date: '2026-01-15',
        postingIds: [gid('Posting', world.postings.active.id)],
      }),
    );
  });

  it('is FORBIDDEN to a unit manager', async () => {
    await expectDenied(env, 'FORBIDDEN', () =>
      env.graphql(
        ScheduleDebriefDocument,
        {
          input: {
            title: '座谈会',
            date: '2026-01-15',
            postingIds: [gid('Posting', world.postings.completed.id)],
          },
        },
        world.tokens.managerA,
      ),
    );
  });
});

describe('experience articles', () => {
  const submit = (postingId: number, token = world.tokens.cadre) =>
    mutate(
      env,
      SubmitArticleOnPostingDocument,
      {
        postingId: gid('Posting', postingId),
        title: '在基层一线锤炼本领',
        body: '挂职期间，我深入村组……',
      },
      token,
    );

  it('lets a cadre write about their own posting and the org department mark it published', async () => {
    const payload = await submit(world.postings.active.id);
    expect(payload.userErrors).toEqual([]);
    const article = payload.experienceArticle!;
    expect(article.publishedIn).toEqual([]);
    const published = await mutate(
      env,
      MarkArticleVenuesDocument,
      { articleId: article.id, venues: ['WEB', 'BRIEFING', 'WEB'] },
      world.tokens.admin,
    );
    expect(published.experienceArticle).toEqual({ publishedIn: ['BRIEFING', 'WEB'] });
  });

  it('answers NOT_FOUND when a cadre writes about someone else’s posting', async () => {
    await expectDenied(env, 'NOT_FOUND', () =>
      env.graphql(
        SubmitExperienceArticleDocument,
        {
          input: {
            postingId: gid('Posting', world.postings.completed.id),
            title: '标题',
            body: '正文',
          },
        },
        world.tokens.cadre,
      ),
    );
  });

  it('refuses NOT_OWN_POSTING when a mentor writes about a mentee’s posting', async () => {
    await expectRefused(env, 'NOT_OWN_POSTING', () =>
      submit(world.postings.active.id, world.tokens.mentor),
    );
  });

  it('lets the org department record an article on the cadre’s behalf, named in the trail', async () => {
    const payload = await submit(world.postings.completed.id, world.tokens.admin);
    expect(payload.userErrors).toEqual([]);
    expect(payload.experienceArticle?.posting?.id).toBe(
      gid('Posting', world.postings.completed.id),
    );
    const [entry] = await env.dataSource.query(
      `SELECT after, actor_id FROM audit_entry
        WHERE action = 'experienceArticle.submit' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.after.onBehalfOfCadreId).toBe(world.cadres.cadreA2.id);
    const [{ id: adminId }] = await env.dataSource.query(
      `SELECT id FROM app_user WHERE username = 'admin'`,
    );
    expect(entry.actor_id).toBe(adminId);
  });
});
