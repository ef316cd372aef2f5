import { CadreRank, Education } from '../modules/cadre/cadre.entity';
import { PostingStatus, PostingType } from '../modules/posting/posting-type';
import { crossDeputyPost } from '../modules/posting/posting.rules';
import { UnitKind } from '../modules/unit/unit.entity';
import type { SeedCadre } from './cadres';
import { addMonths, type Day, day, iso, LAUNCH, stamp, TODAY } from './dates';
import type { PostingRow } from './model';
import type { Rng } from './random';
import { CANCEL_REASONS, TERMINATION_REASONS, duties, trainingPlan } from './texts';
import { positionRankFor } from './position-ranks';
import { postFor } from './titles';
import type { SeedUnit } from './units';

export interface SeedPosting extends PostingRow {
  cadre: SeedCadre;
  /** The cadre's rank when the posting is created: what the type's rank rules read. */
  cadreRank: CadreRank;
  receiving: SeedUnit;
  start: Day;
  plannedEnd: Day;
  /** Actual end (COMPLETED or TERMINATED). */
  end: Day | null;
  /** Terminated before it began: nothing was recorded under it. */
  neverStarted: boolean;
  /** Leader of the receiving unit reserved as the current mentor of an ACTIVE posting. */
  mentorId: number | null;
  /** Latent performance, 0–100: drives reports, scores and grades. */
  quality: number;
  /** 过客: little time on site, low initiative and discipline scores. */
  passive: boolean;
  /** The demo `cadre` user's posting: always gets reports, sessions and a finalized evaluation. */
  showcase: boolean;
}

const TYPES = Object.values(PostingType);
const STATUSES = Object.values(PostingStatus);

const TYPE_WEIGHTS: Record<PostingType, number> = {
  CROSS_DEPUTY: 10,
  HIGHER_ASSISTANT: 10,
  GRADUATE_ASSISTANT: 10,
  SCHOOL_ASSISTANT: 9,
  UPWARD: 15,
  DOWNWARD: 20,
  OUTWARD: 10,
  FRONTLINE: 16,
};

const STATUS_WEIGHTS: Record<PostingStatus, number> = {
  PLANNED: 9,
  ACTIVE: 26,
  COMPLETED: 55,
  TERMINATED: 10,
};

const FALLBACK_TYPES = [
  PostingType.DOWNWARD,
  PostingType.FRONTLINE,
  PostingType.OUTWARD,
  PostingType.CROSS_DEPUTY,
];

/** An active mentor has at most this many mentees (DESIGN §2). */
export const MAX_MENTEES = 3;

const MIDDLE_RANKS: readonly CadreRank[] = [
  CadreRank.SECTION_DEPUTY,
  CadreRank.SECTION_CHIEF,
  CadreRank.DIVISION_DEPUTY,
];

/** Who may be sent on each type of posting (DESIGN §2). Leaders and developed-region staff stay home. */
export function eligibleCadre(type: PostingType, c: SeedCadre): boolean {
  if (c.is_leadership || c.unit.is_developed_region) return false;
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      // A middle-level chief (正科, 正处) of the training class takes a deputy post.
      return c.is_trainee && crossDeputyPost(c.rank) !== undefined;
    case PostingType.HIGHER_ASSISTANT:
      return MIDDLE_RANKS.includes(c.rank);
    case PostingType.GRADUATE_ASSISTANT:
      return c.is_recruited_graduate;
    case PostingType.SCHOOL_ASSISTANT:
      return c.unit.kind === UnitKind.SCHOOL && c.rank !== CadreRank.STAFF;
    case PostingType.UPWARD:
      return c.unit.levelIndex < LEVEL.PROVINCE;
    case PostingType.DOWNWARD:
      return c.unit.kind !== UnitKind.TOWNSHIP && c.unit.kind !== UnitKind.SUBDISTRICT;
    default:
      return true;
  }
}

/** Index in ADMIN_LEVEL_ORDER, as SeedUnit.levelIndex holds it. */
const LEVEL = { TOWNSHIP: 0, COUNTY: 1, CITY: 2, PROVINCE: 3 } as const;

/** Party and government organs (机关). */
const ORGANS: readonly UnitKind[] = [UnitKind.GOVERNMENT_DEPARTMENT, UnitKind.PARTY_DEPARTMENT];

const OFFICES: readonly UnitKind[] = [
  ...ORGANS,
  UnitKind.PUBLIC_INSTITUTION,
  UnitKind.JUDICIAL,
  UnitKind.ENTERPRISE,
];

const middleLevel = (u: SeedUnit) => u.levelIndex === LEVEL.COUNTY || u.levelIndex === LEVEL.CITY;

/** Where each type of posting may go, given the cadre's home level and education. */
function eligibleUnit(type: PostingType, u: SeedUnit, homeLevel: number, edu: Education): boolean {
  if (!u.receives) return false;
  if (type === PostingType.OUTWARD) return u.is_developed_region;
  if (u.is_developed_region) return false;
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      return OFFICES.includes(u.kind) && middleLevel(u);
    case PostingType.HIGHER_ASSISTANT:
      return (
        u.levelIndex >= homeLevel && u.kind !== UnitKind.SCHOOL && u.kind !== UnitKind.JUDICIAL
      );
    case PostingType.GRADUATE_ASSISTANT:
      // 本科 → assistant to a section chief; 硕博 → to a bureau head or a township mayor.
      return edu === Education.BACHELOR
        ? ORGANS.includes(u.kind) && middleLevel(u)
        : (u.kind === UnitKind.GOVERNMENT_DEPARTMENT && u.levelIndex >= LEVEL.COUNTY) ||
            u.kind === UnitKind.TOWNSHIP;
    case PostingType.SCHOOL_ASSISTANT:
      return u.kind === UnitKind.SCHOOL;
    case PostingType.UPWARD:
      return u.levelIndex > homeLevel;
    case PostingType.DOWNWARD:
      return u.kind === UnitKind.TOWNSHIP || u.kind === UnitKind.SUBDISTRICT;
    default:
      return u.frontline;
  }
}

interface Window {
  start: Day;
  plannedEnd: Day;
  end: Day | null;
  neverStarted: boolean;
}

function months(rng: Rng, type: PostingType): number {
  if (type === PostingType.DOWNWARD) return rng.pick([12, 24]);
  if (type === PostingType.OUTWARD) return rng.pick([6, 12]);
  return 12;
}

const EARLIEST_START = LAUNCH + 90;

/**
 * The first COMPLETED postings form one big batch that returned in 2025, over a year ago: enough
 * final grades per receiving-unit kind for the 20% EXCELLENT quota to allow some even at scale 1.
 */
const BATCH = { size: 30, from: day('2025-01-10'), to: day('2025-09-30') };

interface Shape {
  /** ACTIVE past its planned end (OVERDUE_RETURN). */
  overdue: boolean;
  /** COMPLETED in the 2025 batch. */
  batch: boolean;
}
const EARLIEST_END = day('2021-06-01');

/** Dates that fit the status relative to TODAY. */
function window(rng: Rng, type: PostingType, status: PostingStatus, shape: Shape): Window {
  const m = months(rng, type);
  const plan = (start: Day, end: Day | null, neverStarted = false): Window => ({
    start,
    plannedEnd: addMonths(start, m),
    end,
    neverStarted,
  });
  switch (status) {
    case PostingStatus.PLANNED:
      return plan(TODAY + rng.int(7, 150), null);
    case PostingStatus.ACTIVE:
      return shape.overdue
        ? plan(addMonths(TODAY - rng.int(5, 40), -m), null)
        : plan(TODAY - rng.int(5, m * 30 - 10), null);
    case PostingStatus.COMPLETED: {
      // The programme grew: more postings ended in recent years than in early ones.
      const span = TODAY - 3 - EARLIEST_END;
      const plannedEnd = shape.batch
        ? rng.int(BATCH.from, BATCH.to)
        : TODAY - 3 - Math.floor(span * rng.next() ** 1.5);
      const start = Math.max(EARLIEST_START, addMonths(plannedEnd, -m));
      const end = Math.min(TODAY - 2, Math.max(start + 30, plannedEnd + rng.int(-5, 5)));
      return { start, plannedEnd: Math.max(plannedEnd, start + 31), end, neverStarted: false };
    }
    default: {
      if (rng.chance(0.2)) {
        const start = rng.int(EARLIEST_START, TODAY - 1);
        return plan(start, start, true);
      }
      const start = rng.int(EARLIEST_START, TODAY - 60);
      const w = plan(start, null);
      return { ...w, end: start + rng.int(30, Math.min(w.plannedEnd, TODAY - 1) - start - 1) };
    }
  }
}

/**
 * A posting blocks its cadre for its whole planned term even if cut short: nobody is sent out again
 * straight after a recall, and two 高挂 postings never fall in one selection year.
 */
function until(w: Window): Day {
  return Math.max(w.plannedEnd, w.end ?? w.plannedEnd);
}

function free(c: SeedCadre, w: Window, open: boolean): boolean {
  if (open && c.hasOpen) return false;
  if (c.joined > w.start - 180) return false;
  const last = until(w);
  // A month between postings: time to hand over and come home.
  return c.busy.every(([from, to]) => last + 30 < from || w.start > to + 30);
}

/** Random probes first; a scan from a random offset when the pool is crowded. */
function pickFrom<T>(rng: Rng, items: readonly T[], ok: (item: T) => boolean): T | null {
  if (items.length === 0) return null;
  for (let i = 0; i < 30; i++) {
    const item = rng.pick(items);
    if (ok(item)) return item;
  }
  const offset = rng.int(0, items.length - 1);
  for (let i = 0; i < items.length; i++) {
    const item = items[(offset + i) % items.length];
    if (ok(item)) return item;
  }
  return null;
}

export class PostingPlanner {
  readonly postings: SeedPosting[] = [];
  private readonly pools = new Map<PostingType, SeedCadre[]>();
  private readonly destinations = new Map<string, SeedUnit[]>();
  /** Active mentees per leader. */
  readonly load = new Map<number, number>();
  private activeOld = 0;
  private activeCount = 0;
  private plannedCount = 0;
  private startedCount = 0;
  private completedCount = 0;

  constructor(
    private readonly rng: Rng,
    private readonly units: readonly SeedUnit[],
    cadres: readonly SeedCadre[],
  ) {
    for (const type of TYPES) {
      const pool = cadres.filter((c) => eligibleCadre(type, c));
      this.pools.set(type, pool);
    }
  }

  /** Every type × status once (so the demo shows them all), then `total` random ones in all. */
  plan(total: number): SeedPosting[] {
    for (const type of TYPES) for (const status of STATUSES) this.add(type, status, false);
    // When a type runs dry (no free trainee, graduate or school cadre; every mentor of the few
    // higher-level units taken) a type with many candidates and places takes the slot.
    for (let misses = 0; this.postings.length < total && misses < 100;) {
      const status = this.rng.weighted(STATUS_WEIGHTS);
      const types = [this.rng.weighted(TYPE_WEIGHTS), ...FALLBACK_TYPES];
      const added = types.some((type) => this.add(type, status, true));
      misses = added ? 0 : misses + 1;
    }
    this.draftAfterReturn();
    return this.postings;
  }

  /**
   * A cadre's next posting is drawn up only once the last one has ended (a cadre has at most one
   * PLANNED or ACTIVE posting), so its record is created after that return.
   */
  private draftAfterReturn(): void {
    const byCadre = new Map<number, SeedPosting[]>();
    for (const p of this.postings) {
      const list = byCadre.get(p.cadre_id);
      if (list) list.push(p);
      else byCadre.set(p.cadre_id, [p]);
    }
    for (const list of byCadre.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) {
        const [before, p] = [list[i - 1], list[i]];
        const created = day(p.created_at.slice(0, 10));
        if (before.end === null || created > before.end) continue;
        const redrawn = stamp(before.end + 1, '10:00');
        if (p.updated_at === p.created_at) p.updated_at = redrawn;
        p.created_at = redrawn;
      }
    }
  }

  private destinationsFor(type: PostingType, c: SeedCadre): SeedUnit[] {
    const edu = type === PostingType.GRADUATE_ASSISTANT ? c.education : Education.BACHELOR;
    // Cross postings stay within the cadre's city (checkPostingParties compares the regions).
    const region = type === PostingType.CROSS_DEPUTY ? c.unit.region : '';
    const key = `${type}/${c.unit.levelIndex}/${edu}/${region}`;
    let list = this.destinations.get(key);
    if (!list) {
      list = this.units.filter(
        (u) =>
          eligibleUnit(type, u, c.unit.levelIndex, edu) && (region === '' || u.region === region),
      );
      this.destinations.set(key, list);
    }
    return list;
  }

  private hasFreeLeader(u: SeedUnit): boolean {
    return u.leaders.some((id) => (this.load.get(id) ?? 0) < MAX_MENTEES);
  }

  /** Any leader of the unit with room for one more mentee. */
  private freeLeader(u: SeedUnit): number | null {
    const free = u.leaders.filter((id) => (this.load.get(id) ?? 0) < MAX_MENTEES);
    return free.length > 0 ? this.rng.pick(free) : null;
  }

  private add(type: PostingType, status: PostingStatus, mayOverdue: boolean): boolean {
    const rng = this.rng;
    const active = status === PostingStatus.ACTIVE;
    const overdue = active && mayOverdue && ++this.activeCount % 25 === 0;
    const batch = status === PostingStatus.COMPLETED && this.completedCount++ < BATCH.size;
    const w = window(rng, type, status, { overdue, batch });
    const open = status === PostingStatus.PLANNED || active;
    const cadre = pickFrom(rng, this.pools.get(type)!, (c) => free(c, w, open));
    if (!cadre) return false;
    const places = this.destinationsFor(type, cadre);
    const away = (u: SeedUnit) => u.id !== cadre.unit.id;
    // Some ACTIVE postings are left without a mentor: 两不管 for the alert to find.
    const old = active && w.start <= TODAY - 31;
    const unmanaged = old && ++this.activeOld % 20 === 10;
    const wantsMentor = active && !unmanaged && (old || rng.chance(0.6));
    const receiving = wantsMentor
      ? pickFrom(rng, places, (u) => away(u) && this.hasFreeLeader(u))
      : pickFrom(rng, places, away);
    if (!receiving) return false;
    const mentorId = wantsMentor ? this.freeLeader(receiving) : null;
    if (mentorId !== null) this.load.set(mentorId, (this.load.get(mentorId) ?? 0) + 1);
    cadre.busy.push([w.start, until(w)]);
    if (open) cadre.hasOpen = true;
    this.postings.push(this.row(type, status, w, cadre, receiving, mentorId));
    return true;
  }

  /** Mostly competent; every twentieth a poor performer, so that every grade occurs. */
  private quality(k: number, incompetent: boolean, passive: boolean): number {
    if (incompetent || k % 20 === 3) return this.rng.int(40, 57);
    if (passive) return this.rng.int(55, 68);
    return this.rng.around(81, 15, 60, 98);
  }

  private row(
    type: PostingType,
    status: PostingStatus,
    w: Window,
    cadre: SeedCadre,
    receiving: SeedUnit,
    mentorId: number | null,
  ): SeedPosting {
    const rng = this.rng;
    const planned = status === PostingStatus.PLANNED;
    const active = status === PostingStatus.ACTIVE;
    // 三定 is fixed before departure, so only some PLANNED postings still lack part of it.
    const gap =
      planned && ++this.plannedCount % 4 === 0 ? rng.pick(['duties', 'plan'] as const) : null;
    // Counters rather than chance, so that even scale 1 has a few of each problem case.
    const k = !planned && !w.neverStarted ? ++this.startedCount : 0;
    const nominal = (active || status === PostingStatus.COMPLETED) && k % 12 === 0;
    const passive = k % 15 === 7;
    const reason =
      status === PostingStatus.TERMINATED
        ? rng.pick(w.neverStarted ? CANCEL_REASONS : TERMINATION_REASONS)
        : null;
    const incompetent = reason?.includes('不称职') ?? false;
    const created = Math.min(TODAY - 1, Math.max(LAUNCH, w.start - rng.int(15, 60)));
    const post = postFor(rng, type, receiving, cadre.education);
    const version = { PLANNED: 1, ACTIVE: 2, COMPLETED: 3, TERMINATED: w.neverStarted ? 2 : 3 }[
      status
    ];
    return {
      id: this.postings.length + 1,
      created_at: stamp(created, '10:00'),
      updated_at: stamp(w.end ?? (planned ? created : w.start), w.end ? '17:30' : '10:00'),
      cadre_id: cadre.id,
      sending_unit_id: cadre.home_unit_id,
      receiving_unit_id: receiving.id,
      type,
      position_title: post.title,
      // At the planning rank; assignPositionRanks sets it again once promotions are known.
      position_rank: positionRankFor(type, cadre.rank, receiving, cadre.education),
      frontline_area: post.area,
      is_substantive: !nominal,
      responsibilities: gap === 'duties' ? [] : duties(rng, type, receiving.kind),
      training_plan: gap === 'plan' ? null : trainingPlan(rng, type),
      start_date: iso(w.start),
      planned_end_date: iso(w.plannedEnd),
      actual_end_date: w.end === null ? null : iso(w.end),
      status,
      termination_reason: reason,
      candidate_id: null,
      version,
      cadre,
      cadreRank: cadre.rank,
      receiving,
      start: w.start,
      plannedEnd: w.plannedEnd,
      end: w.end,
      neverStarted: w.neverStarted,
      mentorId,
      quality: this.quality(k, incompetent, passive),
      passive,
      showcase: false,
    };
  }
}
