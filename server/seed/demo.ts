import type { DataSource } from 'typeorm';
import { hashPassword } from '../modules/auth/password';
import { buildCadres } from './cadres';
import { buildCareers } from './careers';
import { buildDebriefs } from './debriefs';
import { buildEvaluations } from './evaluations';
import { insertRows, type Query, syncSequence } from './insert';
import { buildMentorships } from './mentorships';
import * as T from './model';
import { PostingPlanner } from './postings';
import { Rng } from './random';
import { buildReports } from './reports';
import { buildSelection } from './selection';
import { buildUnits } from './units';
import { buildUsers, DEMO_PASSWORD, userAudit } from './users';

export { DEMO_PASSWORD, DEMO_USERS } from './users';

/**
 * Deterministic demo data (DESIGN §1–§4): the same scale always produces the same rows, dated
 * relative to a fixed "today" (2026-11-01), except the salted password hash.
 */

export interface SeedOptions {
  /** Multiplies cadres and postings (and everything under postings); units grow more slowly. */
  scale?: number;
  log?: (message: string) => void;
}

/** Rows inserted per table. */
export interface SeedSummary {
  unit: number;
  cadre: number;
  app_user: number;
  career_event: number;
  selection_round: number;
  candidate: number;
  posting: number;
  mentorship: number;
  mentor_session: number;
  feedback_report: number;
  evaluation: number;
  debrief: number;
  debrief_posting: number;
  experience_article: number;
  audit_entry: number;
}

export class DatabaseNotEmptyError extends Error {
  constructor(units: number) {
    super(`the database already has ${units} units; the demo seed needs an empty database`);
    this.name = 'DatabaseNotEmptyError';
  }
}

/** At scale 1: about 480 cadres and 160 postings. */
const CADRES_PER_SCALE = 480;
const POSTINGS_PER_SCALE = 160;

/** Serialises concurrent seeders (several server instances starting on one empty database). */
const LOCK_KEY = 7_263_001;

interface Stage {
  table: keyof SeedSummary;
  rows: number;
  insert: (query: Query) => Promise<void>;
}

function stage<R extends { [K in keyof R]: T.Cell }>(
  table: keyof SeedSummary,
  spec: T.TableSpec<R>,
  rows: readonly R[],
): Stage {
  return { table, rows: rows.length, insert: (query) => insertRows(query, spec, rows) };
}

interface Generated {
  summary: SeedSummary;
  stages: Stage[];
}

function generate(scale: number, passwordHash: string): Generated {
  const units = buildUnits(scale);
  const cadres = buildCadres(new Rng('cadres'), units, Math.round(CADRES_PER_SCALE * scale));
  const planner = new PostingPlanner(new Rng('postings'), units, cadres);
  const postings = planner.plan(Math.round(POSTINGS_PER_SCALE * scale));
  const selection = buildSelection(new Rng('selection'), scale, cadres, postings);
  const users = buildUsers(postings, planner.load, passwordHash);
  const mentoring = buildMentorships(new Rng('mentorships'), postings);
  const reports = buildReports(new Rng('reports'), postings, users.managerOf);
  const evaluations = buildEvaluations(new Rng('evaluations'), postings, users);
  // Promotions after postings update the cadres' ranks, so careers come before cadres are inserted.
  const careers = buildCareers(new Rng('careers'), cadres, postings, evaluations.finalGrades);
  const debriefs = buildDebriefs(new Rng('debriefs'), postings);
  const audit = userAudit(users);

  // In foreign-key order.
  const stages = [
    stage('unit', T.UNIT, units),
    stage('cadre', T.CADRE, cadres),
    stage('app_user', T.APP_USER, users.rows),
    stage('career_event', T.CAREER_EVENT, careers),
    stage('selection_round', T.SELECTION_ROUND, selection.rounds),
    stage('candidate', T.CANDIDATE, selection.candidates),
    stage('posting', T.POSTING, postings),
    stage('mentorship', T.MENTORSHIP, mentoring.mentorships),
    stage('mentor_session', T.MENTOR_SESSION, mentoring.sessions),
    stage('feedback_report', T.FEEDBACK_REPORT, reports),
    stage('evaluation', T.EVALUATION, evaluations.rows),
    stage('debrief', T.DEBRIEF, debriefs.debriefs),
    stage('debrief_posting', T.DEBRIEF_POSTING, debriefs.links),
    stage('experience_article', T.EXPERIENCE_ARTICLE, debriefs.articles),
    stage('audit_entry', T.AUDIT_ENTRY, audit),
  ];
  const summary = Object.fromEntries(
    stages.map((s) => [s.table, s.rows]),
  ) as unknown as SeedSummary;
  return { summary, stages };
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

/** Inserts the demo data into an empty, migrated database, in one transaction. */
export async function seedDemo(
  dataSource: DataSource,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale < 1)
    throw new Error(`scale must be a number ≥ 1, got ${scale}`);
  const log = options.log ?? (() => undefined);
  let t = performance.now();
  // One hash for every demo account: argon2 is deliberately slow.
  const { summary, stages } = generate(scale, await hashPassword(DEMO_PASSWORD));
  log(`generated scale ${scale} in memory in ${seconds(t)} s`);
  await dataSource.transaction(async (manager) => {
    const query: Query = (sql, params) => manager.query(sql, params);
    await query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const units = await countUnits(query);
    if (units > 0) throw new DatabaseNotEmptyError(units);
    for (const { table, rows, insert } of stages) {
      t = performance.now();
      await insert(query);
      if (table !== 'debrief_posting') await syncSequence(query, table);
      log(`${table}: ${rows} rows in ${seconds(t)} s`);
    }
    await freezeFinalScores(query);
  });
  return summary;
}

/**
 * Finalized FINAL evaluations carry the score frozen at finalization; the seed computes it as
 * finalizeEvaluation does (evaluation-scoring.service.ts): the policy's weights over the means of
 * the finalized ROUTINE and TRACKING_INSPECTION evaluations and the FINAL's own mean, a missing
 * component's weight shared out, rounded to 2 decimals.
 */
async function freezeFinalScores(query: Query): Promise<void> {
  await query(`
    WITH means AS (
      SELECT e.id, e.posting_id, e.kind, e.status,
        (SELECT avg(s) FROM unnest(ARRAY[e.political_conduct_score, e.moral_character_score,
          e.leadership_score, e.work_ability_score, e.mass_line_score, e.initiative_score,
          e.discipline_score]) s) AS mean
      FROM evaluation e
    ),
    components AS (
      SELECT posting_id,
        avg(mean) FILTER (WHERE kind = 'ROUTINE' AND status = 'FINALIZED') AS routine,
        avg(mean) FILTER (WHERE kind = 'TRACKING_INSPECTION' AND status = 'FINALIZED') AS tracking
      FROM means GROUP BY posting_id
    ),
    -- Grouped, not correlated: one pass even over 100 000 postings.
    parts AS (
      SELECT f.id, c.routine, c.tracking, f.mean AS final
      FROM means f JOIN components c USING (posting_id)
      WHERE f.kind = 'FINAL' AND f.status = 'FINALIZED'
    )
    UPDATE evaluation e SET overall_score = round(
      (coalesce(p.routine * pol.routine_weight, 0) + coalesce(p.tracking * pol.tracking_weight, 0)
        + coalesce(p.final * pol.final_weight, 0))
      / nullif((CASE WHEN p.routine IS NULL THEN 0 ELSE pol.routine_weight END)
        + (CASE WHEN p.tracking IS NULL THEN 0 ELSE pol.tracking_weight END)
        + (CASE WHEN p.final IS NULL THEN 0 ELSE pol.final_weight END), 0), 2)
    FROM parts p, policy pol
    WHERE e.id = p.id`);
}

async function countUnits(query: Query): Promise<number> {
  const rows = (await query('SELECT count(*)::int AS n FROM unit')) as { n: number }[];
  return rows[0].n;
}

/** e.g. `unit=56 cadre=480 … audit_entry=12`. */
export function formatSummary(summary: SeedSummary): string {
  return Object.entries(summary)
    .map(([table, n]) => `${table}=${n}`)
    .join(' ');
}

/** First start of a server: seeds scale 1 when there are no units yet, else does nothing. */
export async function seedDemoIfEmpty(dataSource: DataSource): Promise<string | null> {
  const query: Query = (sql, params) => dataSource.query(sql, params);
  if ((await countUnits(query)) > 0) return null;
  try {
    return formatSummary(await seedDemo(dataSource, { scale: 1 }));
  } catch (error) {
    // Another instance seeded it first.
    if (error instanceof DatabaseNotEmptyError) return null;
    throw error;
  }
}
