import { CadreRank, Education, RANK_ORDER } from '../modules/cadre/cadre.entity';
import { PostingType } from '../modules/posting/posting-type';
import { crossDeputyPost } from '../modules/posting/posting.rules';
import type { SeedCadre } from './cadres';
import type { CareerEventRow } from './model';
import type { SeedPosting } from './postings';
import type { SeedUnit } from './units';

const higher = (a: CadreRank, b: CadreRank) =>
  RANK_ORDER.indexOf(a) >= RANK_ORDER.indexOf(b) ? a : b;
const lower = (a: CadreRank, b: CadreRank) => (higher(a, b) === a ? b : a);
const oneStepUp = (rank: CadreRank) =>
  RANK_ORDER[Math.min(RANK_ORDER.indexOf(rank) + 1, RANK_ORDER.length - 1)];

/**
 * 职级 of the post (DESIGN §2's table, as posting.rules.ts checks it) for a cadre of `rank`: the
 * deputy of their level on a cross posting, one step up for 高挂, the assisted head for the other
 * assistant posts (capped one step above the cadre for 校长助理), else the cadre's own rank (a posting trains, it does not promote).
 */
export function positionRankFor(
  type: PostingType,
  rank: CadreRank,
  receiving: SeedUnit,
  education: Education,
): CadreRank {
  switch (type) {
    case PostingType.CROSS_DEPUTY:
      return crossDeputyPost(rank) ?? rank;
    case PostingType.HIGHER_ASSISTANT:
      return oneStepUp(rank);
    case PostingType.GRADUATE_ASSISTANT:
      // 本科 → 科长助理; 硕博 → the head of a bureau or township, at least 正科.
      return education === Education.BACHELOR
        ? CadreRank.SECTION_CHIEF
        : higher(receiving.headRank, CadreRank.SECTION_CHIEF);
    case PostingType.SCHOOL_ASSISTANT:
      // The principal assisted, but at most one step above the cadre (POSITION_RANK_TOO_HIGH).
      return lower(receiving.headRank, oneStepUp(rank));
    default:
      return rank;
  }
}

/**
 * The cadre's rank when the posting is created, as the services path sees it: the cadre is written
 * at its initial rank, then each career event, in the order of its timestamp, sets the rank when it
 * is the newest by date (career-event.service.ts).
 */
function rankAt(c: SeedCadre, events: readonly CareerEventRow[], at: string): CadreRank {
  let rank = c.initialRank;
  let newest = '';
  for (const e of events) {
    if (Date.parse(e.created_at) >= Date.parse(at)) break;
    if (e.date >= newest) {
      if (e.rank !== null) rank = e.rank;
      newest = e.date;
    }
  }
  return rank;
}

/**
 * Once the careers are known (promotions follow postings), each posting's rank is set from its
 * cadre's rank at its creation: a cadre promoted between two postings holds the second one at the
 * new rank, and the API checks it against that rank.
 */
export function assignPositionRanks(postings: SeedPosting[], careers: readonly CareerEventRow[]) {
  const byCadre = new Map<number, CareerEventRow[]>();
  for (const e of careers) {
    const list = byCadre.get(e.cadre_id);
    if (list) list.push(e);
    else byCadre.set(e.cadre_id, [e]);
  }
  for (const list of byCadre.values()) {
    list.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  }
  for (const p of postings) {
    p.cadreRank = rankAt(p.cadre, byCadre.get(p.cadre_id) ?? [], p.created_at);
    p.position_rank = positionRankFor(p.type, p.cadreRank, p.receiving, p.cadre.education);
  }
}
