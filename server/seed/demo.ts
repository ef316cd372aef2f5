import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import type { ContextDeps } from '../context';
import { AuthService } from '../modules/auth/auth.service';
import { hashPassword } from '../modules/auth/password';
import { REGISTRY } from '../modules/index';
import { checkWorld } from './checks';
import { deferChecks } from './deferred-checks';
import { insertRows, type Query, syncSequence } from './insert';
import * as T from './model';
import { replayThroughServices } from './replay';
import { DEMO_PASSWORD, seedActorRow, userAudit } from './users';
import { buildWorld, type World } from './world';

export { DEMO_PASSWORD, DEMO_USERS } from './users';

/**
 * Deterministic demo data (DESIGN §1–§4): the same scale always produces the same world, dated
 * relative to a fixed "today" (2026-11-01), except the salted password hash.
 *
 * Two ways to write it, one generator (world.ts) and the same rules:
 * - `services` (the default at scale 1, what `npm start` seeds): every record is made by the
 *   service call its mutation makes, as the `seed` actor, audited (replay.ts);
 * - `bulk` (the default above scale 1, `npm run seed -- --scale N` and the bench): the rows are
 *   checked by the services' own rule functions (checks.ts), then inserted with one statement per
 *   10 000 rows, under the database's constraints. Going through the services costs about a
 *   thousand records a second (one transaction, several statements per record), so scale 625
 *   (≈ 1.5 million records) would take the best part of an hour against issue #12's two
 *   minutes; the bulk path writes a summary audit entry per table, by the same actor.
 */

export type SeedVia = 'services' | 'bulk';

export interface SeedOptions {
  /** Multiplies cadres and postings (and everything under postings); units grow more slowly. */
  scale?: number;
  /** Through the services, or checked bulk inserts; default: services at scale 1, else bulk. */
  via?: SeedVia;
  log?: (message: string) => void;
  /** What the services' contexts are built from; by default from the environment's config. */
  deps?: Omit<ContextDeps, 'dataSource'>;
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

/** The bulk path's tables, in foreign-key order. */
function bulkStages(world: World): Stage[] {
  const { users, selection, mentoring, evaluations, debriefs } = world;
  const accounts = [seedActorRow(world.passwordHash), ...users.rows];
  return [
    stage('unit', T.UNIT, world.units),
    stage('cadre', T.CADRE, world.cadres),
    stage('app_user', T.APP_USER, accounts),
    stage('career_event', T.CAREER_EVENT, world.careers),
    stage('selection_round', T.SELECTION_ROUND, selection.rounds),
    stage('candidate', T.CANDIDATE, selection.candidates),
    stage('posting', T.POSTING, world.postings),
    stage('mentorship', T.MENTORSHIP, mentoring.mentorships),
    stage('mentor_session', T.MENTOR_SESSION, mentoring.sessions),
    stage('feedback_report', T.FEEDBACK_REPORT, world.reports),
    stage('evaluation', T.EVALUATION, evaluations.rows),
    stage('debrief', T.DEBRIEF, debriefs.debriefs),
    stage('debrief_posting', T.DEBRIEF_POSTING, debriefs.links),
    stage('experience_article', T.EXPERIENCE_ARTICLE, debriefs.articles),
  ];
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

async function countRows(query: Query, table: string): Promise<number> {
  const rows = (await query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
  return rows[0].n;
}

const TABLES: readonly (keyof SeedSummary)[] = [
  'unit',
  'cadre',
  'app_user',
  'career_event',
  'selection_round',
  'candidate',
  'posting',
  'mentorship',
  'mentor_session',
  'feedback_report',
  'evaluation',
  'debrief',
  'debrief_posting',
  'experience_article',
  'audit_entry',
];

function defaultDeps(dataSource: DataSource): Omit<ContextDeps, 'dataSource'> {
  const config = loadConfig();
  return { config, auth: new AuthService(dataSource, config), registry: REGISTRY };
}

/** Writes the demo data into an empty, migrated database, in one transaction. */
export async function seedDemo(
  dataSource: DataSource,
  options: SeedOptions = {},
): Promise<SeedSummary> {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale < 1)
    throw new Error(`scale must be a number ≥ 1, got ${scale}`);
  const via = options.via ?? (scale > 1 ? 'bulk' : 'services');
  const log = options.log ?? (() => undefined);
  let t = performance.now();
  // One hash for every demo account: argon2 is deliberately slow.
  const world = buildWorld(scale, await hashPassword(DEMO_PASSWORD));
  log(`generated scale ${scale} in memory in ${seconds(t)} s`);
  const deps = { dataSource, ...(options.deps ?? defaultDeps(dataSource)) };
  const started = performance.now();
  const summary = await dataSource.transaction(async (manager) => {
    const query: Query = (sql, params) => manager.query(sql, params);
    await query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Alerts once for the whole world at the end, not after every statement (alert-triggers.sql).
    await query(`SET LOCAL guazhi.defer_alerts = 'on'`);
    const units = await countRows(query, 'unit');
    if (units > 0) throw new DatabaseNotEmptyError(units);
    if (via === 'services') {
      await replayThroughServices(deps, manager, world, (table, rows, since) =>
        log(`${table}: ${rows} through the services in ${seconds(since)} s`),
      );
    } else {
      t = performance.now();
      checkWorld(world);
      log(`checked by the services' rules in ${seconds(t)} s`);
      // The statistics tallies are built once at the end, not by their triggers after each batch
      // of 10 000 rows (stats/sql/tally.sql): minutes at scale 625.
      await query(`SET LOCAL guazhi.stats_tally_deferred = 'on'`);
      const deferred = await deferChecks(query, TABLES);
      for (const { table, rows, insert } of bulkStages(world)) {
        t = performance.now();
        await insert(query);
        if (table !== 'debrief_posting') await syncSequence(query, table);
        log(`${table}: ${rows} rows in ${seconds(t)} s`);
      }
      t = performance.now();
      await deferred.restore();
      log(
        `${deferred.indexes} indexes built and ${deferred.foreignKeys} foreign keys checked in ${seconds(t)} s`,
      );
      await freezeFinalScores(query);
      await insertRows(query, T.AUDIT_ENTRY, userAudit(world));
      await syncSequence(query, 'audit_entry');
      // The tallies and alerts below are planned over the rows just written, which autovacuum
      // cannot see before the commit: without statistics the planner took the tables for empty
      // and the alerts' refresh ran for over ten minutes at scale 625. ANALYZE in the transaction
      // samples its own rows.
      t = performance.now();
      await query(`ANALYZE ${TABLES.join(', ')}`);
      log(`analyzed the written tables in ${seconds(t)} s`);
    }
    t = performance.now();
    await query('SELECT * FROM rules.refresh_alerts(NULL)');
    log(`alerts raised in ${seconds(t)} s`);
    if (via !== 'services') {
      // After the alerts, which the tallies count too.
      t = performance.now();
      await query(`SET LOCAL guazhi.stats_tally_deferred = 'off'`);
      await query('SELECT rules.stats_rebuild()');
      log(`statistics tallies built in ${seconds(t)} s`);
    }
    const counts: Partial<SeedSummary> = {};
    for (const table of TABLES) counts[table] = await countRows(query, table);
    return counts as SeedSummary;
  });
  // Fresh statistics for the planner at once: left to autovacuum, plans over the seeded tables were
  // up to 1 000× slower until it caught up (issue #10).
  t = performance.now();
  await dataSource.query('ANALYZE');
  log(`analyzed in ${seconds(t)} s`);
  const total = Object.values(summary).reduce((a, b) => a + b, 0);
  const elapsed = (performance.now() - started) / 1000;
  log(`${via}: ${total} rows in ${elapsed.toFixed(2)} s (${Math.round(total / elapsed)} rows/s)`);
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

/** e.g. `unit=56 cadre=480 … audit_entry=12`. */
export function formatSummary(summary: SeedSummary): string {
  return Object.entries(summary)
    .map(([table, n]) => `${table}=${n}`)
    .join(' ');
}

/** First start of a server: seeds scale 1 when there are no units yet, else does nothing. */
export async function seedDemoIfEmpty(
  dataSource: DataSource,
  /** Told before a seed starts: on a first start it is the longest step (20–60 s). */
  onSeeding: () => void = () => undefined,
): Promise<string | null> {
  const query: Query = (sql, params) => dataSource.query(sql, params);
  if ((await countRows(query, 'unit')) > 0) return null;
  onSeeding();
  try {
    return formatSummary(await seedDemo(dataSource, { scale: 1 }));
  } catch (error) {
    // Another instance seeded it first.
    if (error instanceof DatabaseNotEmptyError) return null;
    throw error;
  }
}
