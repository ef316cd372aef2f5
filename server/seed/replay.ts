import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { contextFor, withTransaction, type ContextDeps, type TxContext } from '../context';
import { toGlobalId } from '../common/global-id';
import { BusinessError } from '../common/mutation';
import { records } from '../common/records';
import { Role } from '../common/role';
import type { Viewer } from '../common/viewer';
import { hashPassword } from '../modules/auth/password';
import { accountTrail, userAccountService } from '../modules/auth/user-account.service';
import { cadreWriteService } from '../modules/cadre/cadre-write.service';
import { careerEventService } from '../modules/career/career-event.service';
import { CareerEventKind } from '../modules/career/career-event.entity';
import { debriefMutationService } from '../modules/debrief/debrief-mutation.service';
import { EvaluationStatus } from '../modules/evaluation/evaluation-enums';
import { evaluationDraftService } from '../modules/evaluation/evaluation-draft.service';
import { evaluationReviewService } from '../modules/evaluation/evaluation-review.service';
import { mentoringService } from '../modules/mentorship/mentoring.service';
import { postingLifecycleService } from '../modules/posting/posting-lifecycle.service';
import { PostingStatus } from '../modules/posting/posting-type';
import { reportSubmissionService } from '../modules/report/report-submission.service';
import { candidateService } from '../modules/selection/candidate.service';
import { CandidateStatus } from '../modules/selection/candidate.entity';
import { SelectionRoundStatus } from '../modules/selection/selection-round.entity';
import { selectionRoundService } from '../modules/selection/selection-round.service';
import { unitWriteService } from '../modules/unit/unit-write.service';
import { scoresOf, SeedRefusedError } from './checks';
import { LAUNCH, stamp, TODAY } from './dates';
import { cadreFieldsOf, unitFieldsOf } from './fields';
import { BufferedTrail } from './trail';
import { SEED_ACTOR, SEED_ACTOR_ID, SEED_REASON } from './users';
import type { World } from './world';
import type { EvaluationRow, UserRow } from './model';

/**
 * The demo world written through the services (issue #8): every record is made by the service call
 * its mutation makes, in one transaction, so a generated record that breaks a rule stops the seed
 * with that rule's error (SeedRefusedError) instead of reaching the database.
 *
 * Who acts: the seed's own account, `seed` (ORG_ADMIN, created first and deactivated last, so
 * nobody can sign in with it): every audit entry of the seed names it, except the records a rule
 * ties to their author (a feedback report is its manager's, an evaluation its evaluator's): those
 * are written as that demo user, as the services take the author from the viewer.
 *
 * When: the services read "today" from `ctx.now`, set to the demo's fixed day (2026-11-01), or to
 * the day a step happened where the service stamps it (a posting's activation, a finalization).
 */

/** Noon in China on a demo day: any clock reading of that day gives that date. */
function noonOf(date: string): Date {
  return new Date(`${date}T12:00:00+08:00`);
}

const TODAY_NOON = noonOf(new Date(TODAY * 86_400_000).toISOString().slice(0, 10));

/** The clock of a step that happened at a generated timestamp. */
function at(stamp: string | null): Date {
  return stamp === null ? TODAY_NOON : new Date(stamp);
}

const gid = toGlobalId;

class Replay {
  private readonly viewers = new Map<number, Viewer>();
  /** Generated id → the id the service gave, per type written along the timeline. */
  private readonly ids = new Map<string, Map<number, number>>();

  constructor(
    private readonly deps: ContextDeps,
    private readonly tx: EntityManager,
  ) {}

  /** A fresh context (own loaders) for one call, as a request would have, joined to the seed's transaction. */
  as(userId: number, now: Date = TODAY_NOON): TxContext {
    const viewer = this.viewers.get(userId);
    if (!viewer) throw new Error(`demo seed: no account ${userId}`);
    const ctx = withTransaction(contextFor(this.deps, viewer, 'seed'), this.tx);
    ctx.now = now;
    return ctx;
  }

  remember(type: string, generated: number, real: number): void {
    let ids = this.ids.get(type);
    if (!ids) this.ids.set(type, (ids = new Map()));
    ids.set(generated, real);
  }

  /** The global ID of a generated record written earlier on the timeline. */
  gid(type: string, generated: number): string {
    const real = this.ids.get(type)?.get(generated);
    if (real === undefined) throw new Error(`demo seed: ${type} ${generated} is not written yet`);
    return toGlobalId(type, real);
  }

  seed(now?: Date): TxContext {
    return this.as(SEED_ACTOR_ID, now);
  }

  addViewer(row: Pick<UserRow, 'id' | 'username' | 'role' | 'unit_id' | 'cadre_id'>): void {
    this.viewers.set(row.id, {
      userId: row.id,
      apiKeyId: null,
      username: row.username,
      role: row.role,
      unitId: row.unit_id,
      cadreId: row.cadre_id,
    });
  }

  /**
   * Runs one service call. Inside the seed's transaction a refusal is thrown (runMutation joins
   * the outer transaction), so it is named here with the step and rethrown: the whole seed rolls
   * back. `expectId` checks the record got the generated id the rest of the world refers to.
   */
  async call<T extends { id: number }>(
    step: string,
    work: () => Promise<{ result: T | null; userErrors: { code: string; message: string }[] }>,
    expectId?: number,
  ): Promise<T> {
    let out;
    try {
      out = await work();
    } catch (error) {
      if (error instanceof BusinessError)
        throw new SeedRefusedError(step, error.code, error.message);
      throw error;
    }
    const [problem] = out.userErrors;
    if (problem || !out.result) {
      throw new SeedRefusedError(step, problem?.code ?? 'NO_RESULT', problem?.message ?? '');
    }
    if (expectId !== undefined && out.result.id !== expectId) {
      throw new Error(`demo seed: ${step} got id ${out.result.id}, expected ${expectId}`);
    }
    return out.result;
  }

  /** Direct service writes (the import's entry points) throw BusinessError; named the same way. */
  async write<T extends { id: number }>(step: string, work: () => Promise<T>, expectId?: number) {
    return this.call(step, async () => ({ result: await work(), userErrors: [] }), expectId);
  }
}

/** Writes the world into an empty, migrated database through the services, in `tx`. */
export async function replayThroughServices(
  deps: ContextDeps,
  tx: EntityManager,
  world: World,
  log: (table: string, rows: number, since: number) => void,
): Promise<void> {
  const trail = new BufferedTrail();
  deps = { ...deps, registry: { ...deps.registry, auditTrail: trail } };
  const r = new Replay(deps, tx);
  let t = performance.now();
  await seedActor(r, deps, tx);
  for (const u of world.units) {
    await r.write(
      `unit ${u.code}`,
      () =>
        unitWriteService.insert(r.seed(at(u.created_at)), unitFieldsOf(u), { reason: SEED_REASON }),
      u.id,
    );
  }
  log('unit', world.units.length, t);

  t = performance.now();
  for (const c of world.cadres) {
    // As the cadre was before the promotions that the career events below record.
    await r.write(
      `cadre ${c.id}`,
      () =>
        cadreWriteService.insert(r.seed(at(c.created_at)), cadreFieldsOf(c, true), {
          reason: SEED_REASON,
        }),
      c.id,
    );
  }
  log('cadre', world.cadres.length, t);

  t = performance.now();
  await users(r, world);
  log('app_user', world.users.rows.length, t);

  t = performance.now();
  const events = [
    ...selection(r, world),
    ...postings(r, world),
    ...mentoring(r, world),
    ...reports(r, world),
    ...world.evaluations.rows.flatMap((e) => evaluation(r, e)),
    ...careers(r, world),
    ...debriefs(r, world),
  ];
  // In the order they happened: a cadre's second posting after the first one ended, a report
  // while its posting is ACTIVE, a FINAL evaluation after the return…
  const timeline = events
    .map((e, i) => ({ ...e, i }))
    .sort((x, y) => x.at.getTime() - y.at.getTime() || x.i - y.i);
  for (const e of timeline) await e.run(e.at);
  log('events', timeline.length, t);

  // The actor's work is done: nobody signs in as it.
  await r.write('deactivate the seed actor', () =>
    records.update(r.seed(), 'User', SEED_ACTOR_ID, {
      action: 'user.deactivate',
      trail: accountTrail,
      reason: SEED_REASON,
    }),
  );
  t = performance.now();
  log('audit_entry', await trail.flush(tx), t);
}

/**
 * The seed's own account, made by the system (no actor, as `npm run import` acts) since no account
 * exists yet to make it. Its password is random and thrown away.
 */
async function seedActor(r: Replay, deps: ContextDeps, tx: EntityManager): Promise<void> {
  const system: Viewer = {
    userId: null,
    apiKeyId: null,
    username: SEED_ACTOR,
    role: Role.ORG_ADMIN,
    unitId: null,
    cadreId: null,
  };
  const ctx = withTransaction(contextFor(deps, system, 'seed'), tx);
  // Before the programme's first record: the actor exists before anything it writes.
  ctx.now = new Date(stamp(LAUNCH, '08:00'));
  const hash = await hashPassword(randomBytes(32).toString('base64url'));
  await r.write(
    'the seed actor',
    () =>
      records.create(
        ctx,
        'User',
        {
          username: SEED_ACTOR,
          passwordHash: hash,
          role: Role.ORG_ADMIN,
          unitId: null,
          cadreId: null,
          passwordChangeRequired: true,
          tokenVersion: 1,
        },
        { action: 'user.create', trail: accountTrail, reason: SEED_REASON },
      ),
    SEED_ACTOR_ID,
  );
  r.addViewer({
    id: SEED_ACTOR_ID,
    username: SEED_ACTOR,
    role: Role.ORG_ADMIN,
    unit_id: null,
    cadre_id: null,
  });
}

/**
 * The demo accounts, by the accounts service's rules; their password is the published demo
 * password (DEMO_PASSWORD), handed over as chosen, so they sign in without the one-time step.
 */
async function users(r: Replay, world: World): Promise<void> {
  const otp = { password: world.password, hash: world.passwordHash };
  for (const u of world.users.rows) {
    await r.write(
      `account ${u.username}`,
      async () => {
        const done = await userAccountService.upsert(
          r.seed(at(u.created_at)),
          { username: u.username, role: u.role, unitId: u.unit_id, cadreId: u.cadre_id },
          otp,
          { reason: SEED_REASON },
        );
        const [problem] = done.userErrors;
        if (problem) throw new BusinessError(problem.code, problem.text);
        return records.update(
          r.seed(at(u.created_at)),
          'User',
          done.user!.id,
          { action: 'user.changePassword', trail: accountTrail, reason: SEED_REASON },
          (user) => {
            user.passwordChangeRequired = false;
          },
        );
      },
      u.id,
    );
    r.addViewer(u);
  }
}

/** One step of the world's history, replayed at `at` (the services' clock reads it). */
interface SeedEvent {
  at: Date;
  run: (at: Date) => Promise<unknown>;
}

const event = (at: Date, run: (at: Date) => Promise<unknown>): SeedEvent => ({ at, run });

/** The end of a day in China: a posting ends after the day's records under it. */
function eveningOf(date: string): Date {
  return new Date(`${date}T23:00:00+08:00`);
}

function selection(r: Replay, world: World): SeedEvent[] {
  const { rounds, candidates } = world.selection;
  const out: SeedEvent[] = [];
  for (const round of rounds) {
    out.push(
      event(at(round.created_at), async (now) => {
        const made = await r.call(`selection round ${round.name}`, () =>
          selectionRoundService.open(r.seed(now), {
            name: round.name,
            postingType: round.posting_type,
            year: round.year,
            quota: round.quota,
          }),
        );
        r.remember('SelectionRound', round.id, made.id);
      }),
    );
    if (round.status === SelectionRoundStatus.CLOSED) {
      out.push(
        event(at(round.updated_at), (now) =>
          r.call(`closing round ${round.name}`, () =>
            selectionRoundService.close(r.seed(now), {
              roundId: r.gid('SelectionRound', round.id),
            }),
          ),
        ),
      );
    }
  }
  for (const c of candidates) {
    const step = `candidate ${c.id}`;
    out.push(
      event(at(c.created_at), async (now) => {
        const made = await r.call(step, () =>
          candidateService.nominate(r.seed(now), {
            roundId: r.gid('SelectionRound', c.round_id),
            cadreId: gid('Cadre', c.cadre_id),
          }),
        );
        r.remember('Candidate', c.id, made.id);
        const ref = { candidateId: r.gid('Candidate', c.id) };
        if (c.written_exam_score !== null || c.interview_score !== null) {
          await r.call(step, () =>
            candidateService.recordScores(r.seed(now), {
              ...ref,
              writtenExamScore: c.written_exam_score,
              interviewScore: c.interview_score,
            }),
          );
        }
        if (c.inspection_result !== null) {
          await r.call(step, () =>
            candidateService.recordInspection(r.seed(now), {
              ...ref,
              result: c.inspection_result!,
              notes: c.inspection_notes ?? '',
            }),
          );
        }
        if (c.status === CandidateStatus.SHORTLISTED || c.status === CandidateStatus.SELECTED) {
          await r.call(step, () => candidateService.shortlist(r.seed(now), ref));
        }
        if (c.status === CandidateStatus.SELECTED) {
          await r.call(step, () => candidateService.select(r.seed(now), ref));
        }
        if (c.status === CandidateStatus.REJECTED) {
          await r.call(step, () =>
            candidateService.reject(r.seed(now), { ...ref, reason: '综合考察后未入选' }),
          );
        }
      }),
    );
    if (c.training_completed_at !== null) {
      out.push(
        event(at(c.training_completed_at), (now) =>
          r.call(step, () =>
            candidateService.recordTrainingCompleted(r.seed(now), {
              candidateId: r.gid('Candidate', c.id),
              completedAt: now,
            }),
          ),
        ),
      );
    }
  }
  return out;
}

function postings(r: Replay, world: World): SeedEvent[] {
  const out: SeedEvent[] = [];
  for (const p of world.postings) {
    out.push(
      event(at(p.created_at), async (now) => {
        const made = await r.call(`posting ${p.id}`, () =>
          postingLifecycleService.create(r.seed(now), {
            cadreId: gid('Cadre', p.cadre_id),
            receivingUnitId: gid('Unit', p.receiving_unit_id),
            type: p.type,
            positionTitle: p.position_title,
            positionRank: p.position_rank,
            frontlineArea: p.frontline_area,
            isSubstantive: p.is_substantive,
            responsibilities: [...p.responsibilities],
            trainingPlan: p.training_plan,
            startDate: p.start_date,
            plannedEndDate: p.planned_end_date,
            candidateId: p.candidate_id === null ? null : r.gid('Candidate', p.candidate_id),
          }),
        );
        r.remember('Posting', p.id, made.id);
      }),
    );
    if (p.status !== PostingStatus.PLANNED && !p.neverStarted) {
      // Activated on its first day: the service stamps that day.
      out.push(
        event(noonOf(p.start_date), (now) =>
          r.call(`activating posting ${p.id}`, () =>
            postingLifecycleService.activate(r.seed(now), {
              postingId: r.gid('Posting', p.id),
            }),
          ),
        ),
      );
    }
    if (p.status === PostingStatus.COMPLETED) {
      out.push(
        event(eveningOf(p.actual_end_date!), (now) =>
          r.call(`completing posting ${p.id}`, () =>
            postingLifecycleService.complete(r.seed(now), {
              postingId: r.gid('Posting', p.id),
              actualEndDate: p.actual_end_date!,
            }),
          ),
        ),
      );
    } else if (p.status === PostingStatus.TERMINATED) {
      out.push(
        event(eveningOf(p.actual_end_date!), (now) =>
          r.call(`terminating posting ${p.id}`, () =>
            postingLifecycleService.terminate(r.seed(now), {
              postingId: r.gid('Posting', p.id),
              reason: p.termination_reason ?? '',
              actualEndDate: p.actual_end_date!,
            }),
          ),
        ),
      );
    }
  }
  return out;
}

function mentoring(r: Replay, world: World): SeedEvent[] {
  const { mentorships, sessions } = world.mentoring;
  const mentored = new Set<number>();
  const out: SeedEvent[] = [];
  for (const m of mentorships) {
    out.push(
      event(at(m.created_at), async (now) => {
        const made = await r.call(`mentorship ${m.id}`, () =>
          mentoringService.assignMentor(r.seed(now), {
            postingId: r.gid('Posting', m.posting_id),
            mentorId: gid('Cadre', m.mentor_id),
            startDate: m.start_date,
            // A second mentor of a posting takes over from the first (换人).
            replaceCurrent: mentored.has(m.posting_id),
          }),
        );
        mentored.add(m.posting_id);
        r.remember('Mentorship', m.id, made.id);
      }),
    );
  }
  for (const s of sessions) {
    out.push(
      event(at(s.created_at), (now) =>
        r.call(`mentor session ${s.id}`, () =>
          mentoringService.logSession(r.seed(now), {
            mentorshipId: r.gid('Mentorship', s.mentorship_id),
            date: s.date,
            topic: s.topic,
            notes: s.notes,
          }),
        ),
      ),
    );
  }
  return out;
}

function reports(r: Replay, world: World): SeedEvent[] {
  // A report is its author's: the receiving unit's manager, or the org department.
  return world.reports.map((f) =>
    event(at(f.created_at), (now) =>
      r.call(`feedback report ${f.id}`, () =>
        reportSubmissionService.submit(r.as(f.submitted_by_id ?? SEED_ACTOR_ID, now), {
          postingId: r.gid('Posting', f.posting_id),
          period: f.period,
          daysOnSite: f.days_on_site,
          politicalConduct: f.political_conduct,
          performance: f.performance,
          problems: f.problems,
        }),
      ),
    ),
  );
}

/** Drafted and submitted by its evaluator, finalized by the org department. */
function evaluation(r: Replay, e: EvaluationRow): SeedEvent[] {
  const step = `evaluation ${e.id}`;
  const author = e.evaluator_id ?? SEED_ACTOR_ID;
  let evaluationId = '';
  const out = [
    event(at(e.created_at), async (now) => {
      const made = await r.call(step, () =>
        evaluationDraftService.create(r.as(author, now), {
          postingId: r.gid('Posting', e.posting_id),
          kind: e.kind,
          date: e.date,
          scores: scoresOf(e),
          grade: e.grade,
          comments: e.comments,
          interviewCount: e.interview_count,
          findings: e.findings,
        }),
      );
      evaluationId = gid('Evaluation', made.id);
      if (e.status === EvaluationStatus.DRAFT) return;
      await r.call(step, () => evaluationReviewService.submit(r.as(author, now), { evaluationId }));
    }),
  ];
  if (e.status === EvaluationStatus.FINALIZED) {
    out.push(
      event(at(e.finalized_at), (now) =>
        r.call(step, () => evaluationReviewService.finalize(r.seed(now), { evaluationId })),
      ),
    );
  }
  return out;
}

function careers(r: Replay, world: World): SeedEvent[] {
  const homeOf = new Map(world.cadres.map((c) => [c.id, c.home_unit_id]));
  return world.careers.map((e) =>
    event(at(e.created_at), (now) =>
      r.call(`career event ${e.id}`, () =>
        careerEventService.record(r.seed(now), {
          cadreId: gid('Cadre', e.cadre_id),
          kind: e.kind,
          date: e.date,
          positionTitle: e.position_title ?? undefined,
          rank: e.rank ?? undefined,
          // Generated transfers are into the unit the cadre belongs to now.
          unitId:
            e.kind === CareerEventKind.TRANSFERRED
              ? gid('Unit', homeOf.get(e.cadre_id)!)
              : undefined,
          documentNumber: e.document_number ?? undefined,
        }),
      ),
    ),
  );
}

function debriefs(r: Replay, world: World): SeedEvent[] {
  const { debriefs: meetings, links, articles } = world.debriefs;
  const out: SeedEvent[] = [];
  for (const d of meetings) {
    const step = `debrief ${d.id}`;
    out.push(
      event(at(d.created_at), async (now) => {
        const postingIds = links
          .filter((l) => l.debrief_id === d.id)
          .map((l) => r.gid('Posting', l.posting_id));
        const made = await r.call(step, () =>
          debriefMutationService.schedule(r.seed(now), {
            title: d.title,
            date: d.date,
            postingIds,
          }),
        );
        r.remember('Debrief', d.id, made.id);
      }),
    );
    if (d.summary || d.problems_found || d.suggestions) {
      out.push(
        event(at(d.updated_at), (now) =>
          r.call(step, () =>
            debriefMutationService.recordOutcome(r.seed(now), {
              debriefId: r.gid('Debrief', d.id),
              summary: d.summary,
              problemsFound: d.problems_found,
              suggestions: d.suggestions,
            }),
          ),
        ),
      );
    }
  }
  for (const a of articles) {
    const step = `article ${a.id}`;
    out.push(
      event(at(a.created_at), async (now) => {
        const made = await r.call(step, () =>
          debriefMutationService.submitArticle(r.seed(now), {
            postingId: r.gid('Posting', a.posting_id),
            title: a.title,
            body: a.body,
          }),
        );
        r.remember('ExperienceArticle', a.id, made.id);
      }),
    );
    if (a.published_in.length > 0) {
      out.push(
        event(at(a.updated_at), (now) =>
          r.call(step, () =>
            debriefMutationService.markPublished(r.seed(now), {
              articleId: r.gid('ExperienceArticle', a.id),
              venues: [...a.published_in],
            }),
          ),
        ),
      );
    }
  }
  return out;
}
