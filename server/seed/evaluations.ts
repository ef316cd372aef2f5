import { EvaluationKind, EvaluationStatus, Grade } from '../modules/evaluation/evaluation-enums';
import { PostingStatus } from '../modules/posting/posting-type';
import { type Day, iso, stamp, TODAY, yearOf } from './dates';
import { type EvaluationRow, SCORE_KEYS, type Scores } from './model';
import { started } from './mentorships';
import type { SeedPosting } from './postings';
import type { Rng } from './random';
import { evaluationComment, trackingFindings } from './texts';

export interface Evaluators {
  adminId: number;
  mentorUserId: number;
  mentorCadreId: number;
  managerOf: ReadonlyMap<number, number>;
}

interface Planned {
  p: SeedPosting;
  kind: EvaluationKind;
  date: Day;
  status: EvaluationStatus;
  grade: Grade | null;
  /** FINALIZED ones: the day the org department finalized it (at 15:00). */
  finalizedOn?: Day;
  /** Position in the rows, so that the id order breaks ties as the seed's timeline does. */
  order?: number;
}

const { DRAFT, SUBMITTED, FINALIZED } = EvaluationStatus;

function gradeOf(quality: number): Grade {
  if (quality >= 90) return Grade.EXCELLENT;
  if (quality >= 74) return Grade.COMPETENT;
  if (quality >= 60) return Grade.BASICALLY_COMPETENT;
  return Grade.INCOMPETENT;
}

/** Only a FINALIZED final grade may be EXCELLENT, and only within the quota. */
function belowExcellent(grade: Grade): Grade {
  return grade === Grade.EXCELLENT ? Grade.COMPETENT : grade;
}

/** Statuses of the routine evaluations of the last two months, in turn: some are still open. */
const RECENT = [DRAFT, SUBMITTED, DRAFT, FINALIZED, SUBMITTED] as const;

/** 平时考核 every half year while on site; `recent` counts those of the last two months. */
function routines(rng: Rng, p: SeedPosting, recent: { n: number }): Planned[] {
  const limit = p.end !== null ? p.end - 20 : TODAY - 1;
  const result: Planned[] = [];
  for (let k = 1; ; k++) {
    const date = p.start + 182 * k + rng.int(-10, 10);
    if (date > limit) break;
    let status: EvaluationStatus;
    if (p.end !== null || date < TODAY - 60) {
      status = rng.chance(0.9) ? EvaluationStatus.FINALIZED : EvaluationStatus.SUBMITTED;
    } else {
      status = RECENT[recent.n++ % RECENT.length];
    }
    if (p.showcase && k === 1) status = EvaluationStatus.FINALIZED;
    const draftBlank = status === EvaluationStatus.DRAFT && rng.chance(0.5);
    const grade = draftBlank ? null : gradeOf(p.quality + rng.int(-4, 4));
    result.push({ p, kind: EvaluationKind.ROUTINE, date, status, grade });
  }
  return result;
}

/** 跟踪考察 by the organisation department, half-way through some postings. */
function tracking(rng: Rng, p: SeedPosting): Planned[] {
  const span = (p.end ?? TODAY - 1) - p.start;
  if (span < 150 || !rng.chance(0.4)) return [];
  const date = p.start + Math.floor(span * (0.4 + rng.next() * 0.2));
  const status = date <= TODAY - 30 ? EvaluationStatus.FINALIZED : EvaluationStatus.SUBMITTED;
  const grade = gradeOf(p.quality + rng.int(-3, 3));
  return [{ p, kind: EvaluationKind.TRACKING_INSPECTION, date, status, grade }];
}

/** 期满考核 near the end: most COMPLETED postings have a finalized one, a few none yet. */
function final(rng: Rng, p: SeedPosting): Planned[] {
  let status: EvaluationStatus | 'NONE' = 'NONE';
  let date = p.end === null ? TODAY - rng.int(1, 10) : p.end - rng.int(0, 10);
  if (p.status === PostingStatus.COMPLETED) {
    status =
      p.end! > TODAY - 30
        ? rng.weighted({ NONE: 40, [DRAFT]: 15, [SUBMITTED]: 15, [FINALIZED]: 30 })
        : rng.weighted({ NONE: 7, [SUBMITTED]: 5, [FINALIZED]: 88 });
  } else if (p.status === PostingStatus.TERMINATED) {
    if (rng.chance(0.25)) status = EvaluationStatus.FINALIZED;
    date = p.end!;
  } else if (p.plannedEnd <= TODAY + 45) {
    // The receiving unit drafts the final assessment in the last weeks.
    status = EvaluationStatus.DRAFT;
  }
  if (status === 'NONE') return [];
  const draftBlank = status === EvaluationStatus.DRAFT && rng.chance(0.5);
  const grade = draftBlank ? null : belowExcellent(gradeOf(p.quality));
  return [{ p, kind: EvaluationKind.FINAL, date: Math.max(p.start, date), status, grade }];
}

/**
 * Grades the finalized finals of each receiving-unit kind and year: EXCELLENT goes to good ones
 * (quality 80+) while the quota allows it *when each is finalized*, as finalizeEvaluation checks
 * (evaluation/sql/excellent-quota.sql): at most max(1, ⌊20% × base⌋) finalized EXCELLENT grades,
 * the base being the year's FINAL evaluations submitted or finalized by then. Here the base counts
 * only the finalized finals dated by then (each is submitted on its date): never more than the
 * database counts, so a grade given here is one the service accepts.
 */
function applyQuota(finals: readonly Planned[]): void {
  const groups = new Map<string, Planned[]>();
  for (const e of finals) {
    const key = `${e.p.receiving.kind}/${yearOf(e.date)}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  for (const group of groups.values()) {
    const byDate = group.map((e) => e.date).sort((a, b) => a - b);
    const inOrder = [...group].sort(
      (a, b) => a.finalizedOn! - b.finalizedOn! || a.order! - b.order!,
    );
    let taken = 0;
    for (const e of inOrder) {
      const base = countAtMost(byDate, e.finalizedOn!);
      // ⌊base / 5⌋ in integers: the database's floor(0.2 × base) is exact.
      const allowed = Math.max(1, Math.floor(base / 5));
      const natural = gradeOf(e.p.quality);
      const excellent = e.p.quality >= 80 && taken + 1 <= allowed;
      if (excellent) taken++;
      e.grade = excellent ? Grade.EXCELLENT : belowExcellent(natural);
    }
  }
}

/** How many of the sorted days are on or before `d`. */
function countAtMost(sorted: readonly Day[], d: Day): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const BANDS: Record<Grade, readonly [number, number, number]> = {
  EXCELLENT: [93, 86, 100],
  COMPETENT: [83, 72, 95],
  BASICALLY_COMPETENT: [69, 58, 80],
  INCOMPETENT: [52, 30, 65],
};

function scores(rng: Rng, e: Planned): Scores {
  const [mean, min, max] = BANDS[e.grade ?? gradeOf(e.p.quality)];
  const result = {} as Scores;
  for (const key of SCORE_KEYS) {
    // A blank draft has only some dimensions scored so far.
    result[key] = e.grade === null && rng.chance(0.5) ? null : rng.around(mean, 6, min, max);
  }
  if (e.p.passive && e.kind === EvaluationKind.ROUTINE) {
    result.initiative_score = rng.around(50, 6, 35, 59);
    result.discipline_score = rng.around(54, 5, 40, 59);
  }
  return result;
}

function evaluator(rng: Rng, e: Planned, who: Evaluators): number | null {
  const manager = who.managerOf.get(e.p.receiving_unit_id) ?? null;
  if (e.kind === EvaluationKind.TRACKING_INSPECTION) return who.adminId;
  if (e.kind === EvaluationKind.FINAL) return manager ?? who.adminId;
  const mentorDrafts = e.p.mentorId === who.mentorCadreId && rng.chance(0.5);
  return mentorDrafts ? who.mentorUserId : manager;
}

function row(rng: Rng, id: number, e: Planned, who: Evaluators): EvaluationRow {
  const created = stamp(e.date, '09:30');
  const finalized = e.finalizedOn === undefined ? null : stamp(e.finalizedOn, '15:00');
  const tracking = e.kind === EvaluationKind.TRACKING_INSPECTION;
  const version = { DRAFT: 1, SUBMITTED: 2, FINALIZED: 3 }[e.status];
  return {
    id,
    created_at: created,
    updated_at:
      finalized ?? (e.status === EvaluationStatus.SUBMITTED ? stamp(e.date, '16:00') : created),
    posting_id: e.p.id,
    kind: e.kind,
    evaluator_id: evaluator(rng, e, who),
    date: iso(e.date),
    ...scores(rng, e),
    grade: e.grade,
    comments: evaluationComment(rng, e.grade),
    interview_count: tracking ? rng.int(6, 25) : null,
    findings: tracking ? trackingFindings(rng) : null,
    status: e.status,
    finalized_at: finalized,
    version,
  };
}

export interface Evaluations {
  rows: EvaluationRow[];
  /** Grade of each posting's FINALIZED final evaluation. */
  finalGrades: Map<number, Grade>;
}

export function buildEvaluations(
  rng: Rng,
  postings: readonly SeedPosting[],
  who: Evaluators,
): Evaluations {
  const planned: Planned[] = [];
  const recent = { n: 0 };
  for (const p of postings) {
    if (!started(p)) continue;
    const mine = [...routines(rng, p, recent), ...tracking(rng, p), ...final(rng, p)];
    planned.push(...mine.sort((a, b) => a.date - b.date));
  }
  planned.forEach((e, i) => {
    e.order = i;
    if (e.status === EvaluationStatus.FINALIZED) {
      e.finalizedOn = Math.min(TODAY - 1, e.date + rng.int(2, 12));
    }
  });
  const finals = planned.filter(
    (e) => e.kind === EvaluationKind.FINAL && e.status === EvaluationStatus.FINALIZED,
  );
  applyQuota(finals);
  const finalGrades = new Map(finals.map((e) => [e.p.id, e.grade!] as const));
  return { rows: planned.map((e, i) => row(rng, i + 1, e, who)), finalGrades };
}
