import { PostingType } from '../modules/posting/posting-type';
import { CandidateStatus, InspectionResult } from '../modules/selection/candidate.entity';
import { SelectionRoundStatus } from '../modules/selection/selection-round.entity';
import type { SeedCadre } from './cadres';
import { day, type Day, LAUNCH, stamp, TODAY, yearOf } from './dates';
import type { CandidateRow, SelectionRoundRow } from './model';
import { eligibleCadre, type SeedPosting } from './postings';
import type { Rng } from './random';
import { INSPECTION_NOTES } from './texts';

export interface Selection {
  rounds: SelectionRoundRow[];
  candidates: CandidateRow[];
}

/** A score with two decimals, as numeric(5,2) holds it. */
function score(rng: Rng, min: number, max: number): number {
  return rng.int(min * 100, max * 100) / 100;
}

class SelectionBuilder implements Selection {
  readonly rounds: SelectionRoundRow[] = [];
  readonly candidates: CandidateRow[] = [];

  constructor(private readonly rng: Rng) {}

  round(name: string, year: number, opened: Day, status: SelectionRoundStatus): SelectionRoundRow {
    const row: SelectionRoundRow = {
      id: this.rounds.length + 1,
      created_at: stamp(opened),
      updated_at: stamp(opened),
      name,
      posting_type: PostingType.HIGHER_ASSISTANT,
      year,
      quota: 1,
      status,
      version: 1,
    };
    this.rounds.push(row);
    return row;
  }

  /** Nominated within three weeks of the round opening on day `opened`. */
  candidate(
    round: SelectionRoundRow,
    opened: Day,
    cadre: SeedCadre,
    fields: Partial<CandidateRow>,
  ): CandidateRow {
    const created = stamp(Math.min(TODAY - 1, opened + this.rng.int(1, 20)), '10:30');
    const row: CandidateRow = {
      id: this.candidates.length + 1,
      created_at: created,
      updated_at: created,
      round_id: round.id,
      cadre_id: cadre.id,
      nominating_unit_id: cadre.home_unit_id,
      written_exam_score: null,
      interview_score: null,
      inspection_result: null,
      inspection_notes: null,
      status: CandidateStatus.NOMINATED,
      training_completed_at: null,
      version: 1,
      ...fields,
    };
    this.candidates.push(row);
    return row;
  }
}

/** 高挂 rounds by the year the selection ran (two months before the posting starts). */
function selectionYear(p: SeedPosting): number {
  return yearOf(p.start - 60);
}

/** A closed round: every HIGHER_ASSISTANT posting of that year comes from one SELECTED candidate. */
function closedRound(
  b: SelectionBuilder,
  rng: Rng,
  year: number,
  postings: SeedPosting[],
  pool: readonly SeedCadre[],
): void {
  const starts = postings.map((p) => p.start);
  const opened = Math.max(LAUNCH, starts.reduce((a, b) => Math.min(a, b)) - 150);
  const round = b.round(`${year}年度高挂干部公开选拔`, year, opened, SelectionRoundStatus.CLOSED);
  const inRound = new Set<number>();
  for (const p of postings) {
    // Pre-posting training ends before the posting is drawn up (a posting needs a trained candidate).
    const trained = day(p.created_at.slice(0, 10)) - rng.int(1, 10);
    const c = b.candidate(round, opened, p.cadre, {
      written_exam_score: score(rng, 75, 96),
      interview_score: score(rng, 78, 95),
      inspection_result: InspectionResult.PASS,
      inspection_notes: rng.pick(INSPECTION_NOTES.PASS),
      status: CandidateStatus.SELECTED,
      training_completed_at: stamp(trained, '17:00'),
      updated_at: stamp(trained, '17:00'),
      version: 4,
    });
    p.candidate_id = c.id;
    inRound.add(p.cadre_id);
  }
  const rejected = Math.round(postings.length * 0.7) + 1;
  for (let i = 0; i < rejected * 3 && inRound.size < postings.length + rejected; i++) {
    const cadre = rng.pick(pool);
    if (inRound.has(cadre.id)) continue;
    inRound.add(cadre.id);
    const failed = rng.chance(0.4);
    const result = failed ? InspectionResult.FAIL : InspectionResult.PASS;
    b.candidate(round, opened, cadre, {
      written_exam_score: score(rng, 52, 82),
      interview_score: score(rng, 55, 80),
      inspection_result: result,
      inspection_notes: rng.pick(INSPECTION_NOTES[result]),
      status: CandidateStatus.REJECTED,
      version: 3,
    });
  }
  round.quota = postings.length + rng.int(0, 2);
  round.status = SelectionRoundStatus.CLOSED;
  round.version = 2;
  round.updated_at = stamp(
    Math.min(TODAY - 1, starts.reduce((a, b) => Math.max(a, b)) - 30),
    '17:00',
  );
}

/** The round still taking nominations: NOMINATED and SHORTLISTED candidates only. */
function openRound(b: SelectionBuilder, rng: Rng, scale: number, pool: readonly SeedCadre[]): void {
  const year = yearOf(TODAY);
  const opened = TODAY - 40;
  const round = b.round(
    `${year}年度第二批高挂干部公开选拔`,
    year,
    opened,
    SelectionRoundStatus.OPEN,
  );
  round.quota = Math.max(3, Math.round(4 * scale));
  const free = pool.filter((c) => !c.hasOpen);
  for (const [i, cadre] of rng.sample(free, Math.round(10 * scale)).entries()) {
    const shortlisted = i % 2 === 1;
    b.candidate(round, opened, cadre, {
      written_exam_score: shortlisted ? score(rng, 70, 95) : null,
      interview_score: shortlisted && rng.chance(0.5) ? score(rng, 70, 95) : null,
      status: shortlisted ? CandidateStatus.SHORTLISTED : CandidateStatus.NOMINATED,
      version: shortlisted ? 2 : 1,
    });
  }
}

export function buildSelection(
  rng: Rng,
  scale: number,
  cadres: readonly SeedCadre[],
  postings: readonly SeedPosting[],
): Selection {
  const b = new SelectionBuilder(rng);
  const pool = cadres.filter((c) => eligibleCadre(PostingType.HIGHER_ASSISTANT, c));
  const byYear = new Map<number, SeedPosting[]>();
  for (const p of postings) {
    if (p.type !== PostingType.HIGHER_ASSISTANT) continue;
    const year = selectionYear(p);
    const list = byYear.get(year);
    if (list) list.push(p);
    else byYear.set(year, [p]);
  }
  for (const year of [...byYear.keys()].sort()) closedRound(b, rng, year, byYear.get(year)!, pool);
  openRound(b, rng, scale, pool);
  return b;
}
