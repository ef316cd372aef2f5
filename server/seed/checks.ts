import type { Text } from '../common/text';
import { BusinessError } from '../common/mutation';
import { accountShapeProblems } from '../modules/auth/user-account.rules';
import { cadreWriteService } from '../modules/cadre/cadre-write.service';
import type { Evaluation } from '../modules/evaluation/evaluation.entity';
import {
  applyScores,
  checkDate,
  checkInspectionFields,
} from '../modules/evaluation/evaluation.rules';
import { EvaluationDimension, SCORE_COLUMNS } from '../modules/evaluation/evaluation-enums';
import type { Posting } from '../modules/posting/posting.entity';
import { checkDates, checkPostingParties } from '../modules/posting/posting.rules';
import type { Cadre } from '../modules/cadre/cadre.entity';
import type { Candidate } from '../modules/selection/candidate.entity';
import type { SelectionRound } from '../modules/selection/selection-round.entity';
import type { Unit } from '../modules/unit/unit.entity';
import { checkPeriodFormat } from '../modules/report/report.rules';
import { normalizeUnitFields, unitFieldProblems } from '../modules/unit/unit.rules';
import { iso, TODAY } from './dates';
import type { CandidateRow, EvaluationRow, SelectionRoundRow, UnitRow } from './model';
import { cadreFieldsOf, unitFieldsOf } from './fields';
import type { World } from './world';

/** A generated record that a service refused: the rule's code and message, and which record. */
export class SeedRefusedError extends Error {
  constructor(
    readonly step: string,
    readonly code: string,
    readonly rule: string,
  ) {
    super(`demo seed: ${step} refused by the rule ${code}: ${rule}`);
    this.name = 'SeedRefusedError';
  }
}

/**
 * The bulk path's guard: every generated record checked by the rule functions its service runs
 * before a write (the ones that need no database; what needs one, uniqueness and references, the
 * database's constraints check on insert). The first problem stops the seed, as the service would.
 */
export function checkWorld(world: World): void {
  const today = iso(TODAY);
  for (const u of world.units) {
    const fields = normalizeUnitFields(unitFieldsOf(u));
    problems(`unit ${u.code}`, unitFieldProblems(fields));
  }
  for (const c of world.cadres) {
    const fields = cadreFieldsOf(c, false);
    problems(`cadre ${c.id}`, cadreWriteService.problems(fields, today));
  }
  for (const u of world.users.rows) {
    const shape = {
      username: u.username,
      role: u.role,
      hasUnit: u.unit_id !== null,
      hasCadre: u.cadre_id !== null,
    };
    problems(`account ${u.username}`, accountShapeProblems(shape));
  }
  const postings = new Map(world.postings.map((p) => [p.id, p]));
  const units = new Map(world.units.map((u) => [u.id, unitOf(u)]));
  const rounds = new Map(world.selection.rounds.map((r) => [r.id, r]));
  const candidates = new Map(world.selection.candidates.map((k) => [k.id, k]));
  for (const p of world.postings) {
    const k = p.candidate_id === null ? null : candidates.get(p.candidate_id)!;
    rule(`posting ${p.id}`, () => {
      checkDates(p.start_date, p.planned_end_date);
      checkPostingParties({
        type: p.type,
        positionRank: p.position_rank,
        frontlineArea: p.frontline_area,
        cadre: {
          id: p.cadre.id,
          // The rank when the posting was created: later promotions do not undo it.
          rank: p.cadreRank,
          isTrainee: p.cadre.is_trainee,
          isRecruitedGraduate: p.cadre.is_recruited_graduate,
          education: p.cadre.education,
        } as Cadre,
        homeUnit: units.get(p.sending_unit_id)!,
        receivingUnit: units.get(p.receiving_unit_id)!,
        candidate: k && candidateOf(k, rounds.get(k.round_id)!),
      });
    });
  }
  for (const f of world.reports) rule(`feedback report ${f.id}`, () => checkPeriodFormat(f.period));
  for (const e of world.evaluations.rows) {
    const p = postings.get(e.posting_id)!;
    const posting = { startDate: p.start_date, actualEndDate: p.actual_end_date } as Posting;
    rule(`evaluation ${e.id}`, () => {
      const draft = { ...emptyScores(), ...evaluationFields(e) } as Evaluation;
      applyScores(draft, scoresOf(e));
      checkInspectionFields(draft);
      checkDate(posting, e.kind, e.date, today);
    });
  }
}

/** What checkPostingParties reads of a unit. */
function unitOf(u: UnitRow): Unit {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    adminLevel: u.admin_level,
    region: u.region,
    isDevelopedRegion: u.is_developed_region,
    frontlineArea: u.frontline_area,
  } as Unit;
}

/** What checkPostingParties reads of a candidate and its round. */
function candidateOf(k: CandidateRow, round: SelectionRoundRow) {
  return {
    cadreId: k.cadre_id,
    status: k.status,
    trainingCompletedAt:
      k.training_completed_at === null ? null : new Date(k.training_completed_at),
    round: { postingType: round.posting_type },
  } as Candidate & { round: SelectionRound };
}

function problems(step: string, found: readonly { code: string; message: Text }[]): void {
  const [problem] = found;
  if (problem) throw new SeedRefusedError(step, problem.code, problem.message.en);
}

function rule(step: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof BusinessError) throw new SeedRefusedError(step, error.code, error.message);
    throw error;
  }
}

function emptyScores(): Record<string, null> {
  return Object.fromEntries(Object.values(SCORE_COLUMNS).map((column) => [column, null]));
}

function evaluationFields(e: EvaluationRow) {
  return {
    kind: e.kind,
    grade: e.grade,
    interviewCount: e.interview_count,
    findings: e.findings,
  };
}

/** The evaluation's scores as a mutation sends them (dimension and score). */
export function scoresOf(e: EvaluationRow): { dimension: EvaluationDimension; score: number }[] {
  return (Object.entries(SCORE_COLUMNS) as [EvaluationDimension, string][])
    .map(([dimension, column]) => ({
      dimension,
      score: e[column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as keyof EvaluationRow],
    }))
    .filter((s): s is { dimension: EvaluationDimension; score: number } => s.score !== null);
}
