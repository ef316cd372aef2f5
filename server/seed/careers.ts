import { CadreRank, RANK_ORDER } from '../modules/cadre/cadre.entity';
import { CareerEventKind } from '../modules/career/career-event.entity';
import { Grade } from '../modules/evaluation/evaluation-enums';
import { PostingStatus, PostingType } from '../modules/posting/posting-type';
import { AdminLevel, UnitKind } from '../modules/unit/unit.entity';
import type { SeedCadre } from './cadres';
import { type Day, iso, LAUNCH, stamp, TODAY, yearOf, ymd } from './dates';
import type { CareerEventRow } from './model';
import { CITY, PROVINCE } from './names';
import type { SeedPosting } from './postings';
import type { Rng } from './random';
import { staffTitle } from './titles';

/** 文号 such as 市委组干〔2026〕15号, numbered per issuer and year. */
class DocumentNumbers {
  private readonly next = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  make(issuer: string, date: Day): string {
    const key = `${issuer}〔${yearOf(date)}〕`;
    const n = (this.next.get(key) ?? this.rng.int(1, 20)) + this.rng.int(1, 3);
    this.next.set(key, n);
    return `${key}${n}号`;
  }
}

function issuer(c: SeedCadre): string {
  const unit = c.unit;
  if (unit.is_developed_region) return '区委组干';
  if (unit.admin_level === AdminLevel.PROVINCE) return '省委组干';
  if (unit.admin_level === AdminLevel.CITY) return '市委组干';
  return `${unit.region.slice(PROVINCE.length + CITY.length)}委组干`;
}

const ENTRY_TITLE: Partial<Record<UnitKind, string>> = {
  SCHOOL: '教师',
  ENTERPRISE: '职员',
  JUDICIAL: '书记员',
};

class CareerBuilder {
  readonly rows: CareerEventRow[] = [];
  readonly docs: DocumentNumbers;

  constructor(private readonly rng: Rng) {
    this.docs = new DocumentNumbers(rng);
  }

  add(
    c: SeedCadre,
    kind: CareerEventKind,
    date: Day,
    title: string | null,
    rank: CadreRank | null,
  ) {
    const doc =
      kind === CareerEventKind.RESERVE_LISTED
        ? this.docs.make('市委组', date)
        : this.docs.make(issuer(c), date);
    this.rows.push({
      id: this.rows.length + 1,
      // Movements from before the system went live were entered at launch, before the postings
      // drawn up that day (10:00): those read the rank they record.
      created_at: stamp(Math.max(date, LAUNCH), date < LAUNCH ? '09:00' : '11:00'),
      updated_at: stamp(Math.max(date, LAUNCH), date < LAUNCH ? '09:00' : '11:00'),
      cadre_id: c.id,
      kind,
      date: iso(date),
      position_title: title,
      rank,
      document_number: this.rng.chance(0.95) ? doc : null,
    });
  }

  /**
   * Where the cadre came from before any posting: entry, a promotion to the rank held at the
   * start, sometimes a transfer. All of it precedes the first posting, so none of it counts as
   * the reuse (提拔使用) that UNUSED_TALENT looks for.
   */
  history(c: SeedCadre, before: Day): void {
    const rng = this.rng;
    let last = c.joined;
    // Postings are drawn up 15 to 60 days before they start: the history ends the day before.
    const latest = before - 61;
    const promotedSince = c.initialRank !== CadreRank.STAFF && latest > last + 60;
    // Without room for a promotion before the first posting, the cadre came in at the rank held
    // then (调入): an entry as 科员 would leave them STAFF when that posting is drawn up.
    if (promotedSince || c.initialRank === CadreRank.STAFF) {
      const entryTitle = ENTRY_TITLE[c.unit.kind] ?? '科员';
      this.add(c, CareerEventKind.APPOINTED, c.joined, entryTitle, CadreRank.STAFF);
    } else this.add(c, CareerEventKind.APPOINTED, c.joined, c.initialTitle, c.initialRank);
    if (promotedSince) {
      last = rng.int(Math.min(last + 3 * 365, latest), latest);
      this.add(c, CareerEventKind.PROMOTED, last, c.initialTitle, c.initialRank);
    }
    if (rng.chance(0.12) && latest > last + 30) {
      last = rng.int(last + 30, latest);
      this.add(c, CareerEventKind.TRANSFERRED, last, c.initialTitle, c.initialRank);
    }
    if (c.is_reserve) {
      const from = Math.max(c.joined + 5 * 365, ymd(2019, 1, 1));
      if (from < TODAY - 30)
        this.add(c, CareerEventKind.RESERVE_LISTED, rng.int(from, TODAY - 30), null, null);
    }
  }

  /** 挂用结合: a step up within months of a good posting, and the cadre's record moves with it. */
  promote(c: SeedCadre, date: Day): void {
    const index = RANK_ORDER.indexOf(c.rank);
    if (date >= TODAY || index >= RANK_ORDER.length - 1) return;
    const rank = RANK_ORDER[index + 1];
    const title = c.is_leadership ? c.position_title : staffTitle(this.rng, c.unit, rank);
    this.add(c, CareerEventKind.PROMOTED, date, title, rank);
    c.rank = rank;
    c.position_title = title;
    c.updated_at = stamp(date, '11:00');
  }

  /** A new post at the same rank (任职) after returning. */
  appoint(c: SeedCadre, date: Day): void {
    if (date < TODAY) this.add(c, CareerEventKind.APPOINTED, date, c.position_title, c.rank);
  }
}

/**
 * Career events. After a COMPLETED posting graded EXCELLENT most cadres are promoted within the
 * 12-month window; half of those back for over a year are not (挂用结合不紧, UNUSED_TALENT).
 */
export function buildCareers(
  rng: Rng,
  cadres: readonly SeedCadre[],
  postings: readonly SeedPosting[],
  finalGrades: ReadonlyMap<number, Grade>,
): CareerEventRow[] {
  const b = new CareerBuilder(rng);
  const firstStart = new Map<number, Day>();
  for (const p of postings) {
    firstStart.set(p.cadre_id, Math.min(firstStart.get(p.cadre_id) ?? TODAY, p.start));
  }
  for (const c of cadres) b.history(c, firstStart.get(c.id) ?? TODAY);

  // A cross posting takes a chief to the deputy post of that level (DESIGN §2): no promotion lands
  // before its cadre's cross posting is drawn up, which would make a 副处 a 正科's cross deputy.
  const crossDrawn = new Map<number, string>();
  for (const p of postings) {
    if (p.type !== PostingType.CROSS_DEPUTY) continue;
    const drawn = p.created_at.slice(0, 10);
    if (drawn > (crossDrawn.get(p.cadre_id) ?? '')) crossDrawn.set(p.cadre_id, drawn);
  }
  const promote = (c: SeedCadre, date: Day) => {
    if (iso(date) > (crossDrawn.get(c.id) ?? '')) b.promote(c, date);
  };

  // In order of return, so that a cadre's ranks climb in date order.
  const completed = postings
    .filter((p) => p.status === PostingStatus.COMPLETED)
    .sort((a, b) => a.end! - b.end! || a.id - b.id);
  let longAgo = 0;
  for (const p of completed) {
    const grade = finalGrades.get(p.id);
    const back = p.end!;
    if (grade === Grade.EXCELLENT) {
      // Of those back for over a year, every other one (the first included) was not reused.
      const unused = back < TODAY - 365 && longAgo++ % 2 === 0;
      if (!unused) promote(p.cadre, back + rng.int(30, 330));
    } else if (grade === Grade.COMPETENT) {
      if (rng.chance(0.2)) promote(p.cadre, back + rng.int(60, 600));
      else if (rng.chance(0.1)) b.appoint(p.cadre, back + rng.int(30, 300));
    }
  }
  return b.rows;
}
