import {
  CadreRank,
  Education,
  Gender,
  PoliticalStatus,
  RANK_ORDER,
} from '../modules/cadre/cadre.entity';
import { idNumberCheckDigit } from '../modules/cadre/id-number';
import { UnitKind } from '../modules/unit/unit.entity';
import { type Day, iso, LAUNCH, stamp, TODAY } from './dates';
import type { CadreRow } from './model';
import { PHONE_PREFIXES, SPECIALTIES, personName, words } from './names';
import type { Rng } from './random';
import { staffTitle } from './titles';
import type { SeedUnit } from './units';

export interface SeedCadre extends CadreRow {
  unit: SeedUnit;
  birth: Day;
  /** Entered the civil service: postings and career events come after it. */
  joined: Day;
  /** Rank before any promotion that follows a posting (the seed may raise `rank` later). */
  initialRank: CadreRank;
  initialTitle: string;
  /** Date ranges of the cadre's postings, kept from overlapping. */
  busy: [Day, Day][];
  /** Has a PLANNED or ACTIVE posting (at most one, as the database requires). */
  hasOpen: boolean;
}

const YEAR = 365.25;
const { COLLEGE, BACHELOR, MASTER, DOCTORATE } = Education;

/** Region code + birth date + a sequence whose parity encodes gender: unique by construction. */
class IdNumbers {
  private readonly next = new Map<string, number>();

  make(region: string, birth: Day, gender: Gender): string {
    const key = region + iso(birth).replace(/-/g, '');
    const k = this.next.get(key) ?? 0;
    if (k >= 500) throw new Error(`id number sequence exhausted for ${key}`);
    this.next.set(key, k + 1);
    const seq = String(k * 2 + (gender === Gender.MALE ? 1 : 0)).padStart(3, '0');
    return key + seq + idNumberCheckDigit(key + seq);
  }
}

const AGE_BY_RANK: Record<CadreRank, readonly [number, number]> = {
  STAFF: [24, 36],
  SECTION_DEPUTY: [28, 42],
  SECTION_CHIEF: [31, 48],
  DIVISION_DEPUTY: [36, 52],
  DIVISION_CHIEF: [42, 56],
  BUREAU_DEPUTY: [45, 57],
  BUREAU_CHIEF: [48, 58],
};

function staffRank(rng: Rng, unit: SeedUnit): CadreRank {
  // Non-leaders rank at most with the deputies, mostly a step or two below.
  const cap = Math.max(0, RANK_ORDER.indexOf(unit.headRank) - 1);
  const weights: Record<string, number> = {};
  for (let r = 0; r <= cap; r++) weights[String(r)] = [1, 3, 3, 2, 1, 1, 1][cap - r];
  return RANK_ORDER[Number(rng.weighted(weights))];
}

function education(rng: Rng, leader: boolean): Education {
  return leader
    ? rng.weighted({ [COLLEGE]: 4, [BACHELOR]: 46, [MASTER]: 44, [DOCTORATE]: 6 })
    : rng.weighted({ [COLLEGE]: 10, [BACHELOR]: 58, [MASTER]: 28, [DOCTORATE]: 4 });
}

function politicalStatus(rng: Rng, age: number, leader: boolean): PoliticalStatus {
  const P = PoliticalStatus;
  if (leader)
    return rng.weighted({ [P.CPC_MEMBER]: 90, [P.DEMOCRATIC_PARTY]: 7, [P.NON_PARTISAN]: 3 });
  return rng.weighted({
    [P.CPC_MEMBER]: 74,
    [P.CPC_PROBATIONARY_MEMBER]: 6,
    [P.LEAGUE_MEMBER]: age < 30 ? 10 : 0,
    [P.DEMOCRATIC_PARTY]: 6,
    [P.NON_PARTISAN]: 6,
  });
}

function phone(rng: Rng): string | null {
  if (rng.chance(0.04)) return null;
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Birthplaces in 江西 besides the unit's own region (first six digits of an id number). */
const HOME_REGIONS = words('360102 360403 360502 360602 360702 360802 360902 361002');

interface Role {
  rank: CadreRank;
  title: string;
  leader: boolean;
}

class CadreFactory {
  readonly cadres: SeedCadre[] = [];
  private readonly ids = new IdNumbers();

  constructor(private readonly rng: Rng) {}

  add(unit: SeedUnit, role: Role): SeedCadre {
    const rng = this.rng;
    const gender = rng.chance(0.62) ? Gender.MALE : Gender.FEMALE;
    const [minAge, maxAge] = AGE_BY_RANK[role.rank];
    const age = rng.int(minAge, maxAge);
    const birth = TODAY - Math.round(age * YEAR) - rng.int(0, 364);
    let edu = education(rng, role.leader);
    const rankIndex = RANK_ORDER.indexOf(role.rank);
    // 引进生 are recruited into party and government organs, not schools or companies.
    const organ = unit.kind !== UnitKind.SCHOOL && unit.kind !== UnitKind.ENTERPRISE;
    const graduate = !role.leader && organ && rankIndex <= 1 && age <= 35 && rng.chance(0.25);
    if (graduate) edu = rng.weighted({ [BACHELOR]: 40, [MASTER]: 50, [DOCTORATE]: 10 });
    const study = { COLLEGE: 21, BACHELOR: 22, MASTER: 25, DOCTORATE: 28 }[edu];
    const joined = Math.min(birth + Math.round((study + rng.next()) * YEAR), TODAY - 500);
    const middle = rankIndex === 1 || rankIndex === 2;
    const region = rng.chance(0.7) ? unit.regionCode : rng.pick(HOME_REGIONS);
    const created = stamp(LAUNCH);
    const cadre: SeedCadre = {
      id: this.cadres.length + 1,
      created_at: created,
      updated_at: created,
      name: personName(rng, gender),
      gender,
      birth_date: iso(birth),
      education: edu,
      political_status: politicalStatus(rng, age, role.leader),
      home_unit_id: unit.id,
      position_title: role.title,
      rank: role.rank,
      is_leadership: role.leader,
      is_reserve: rankIndex >= 1 && rng.chance(role.leader ? 0.1 : 0.15),
      is_trainee: !role.leader && middle && age <= 45 && rng.chance(0.25),
      is_recruited_graduate: graduate,
      specialties: rng.sample(SPECIALTIES, rng.int(1, 3)),
      id_number: this.ids.make(region, birth, gender),
      phone: phone(rng),
      unit,
      birth,
      joined,
      initialRank: role.rank,
      initialTitle: role.title,
      busy: [],
      hasOpen: false,
    };
    this.cadres.push(cadre);
    if (role.leader) unit.leaders.push(cadre.id);
    return cadre;
  }
}

function leaderRoles(rng: Rng, unit: SeedUnit): Role[] {
  // Big units have bigger teams; units far away only need a few mentors.
  let count = rng.int(2, 4);
  if (unit.is_developed_region) count = rng.int(2, 3);
  else if (unit.weight >= 4) count = rng.int(3, 4);
  const deputyRank = RANK_ORDER[RANK_ORDER.indexOf(unit.headRank) - 1];
  return Array.from({ length: count }, (_, i) => {
    const head = i < unit.heads.length && (i === 0 || count >= 3);
    return head
      ? { rank: unit.headRank, title: unit.heads[i], leader: true }
      : { rank: deputyRank, title: unit.deputyTitle, leader: true };
  });
}

/** Splits `total` over units in proportion to their weight (largest remainder, at least one each). */
function apportion(units: readonly SeedUnit[], total: number): number[] {
  const weight = units.reduce((sum, u) => sum + u.weight, 0);
  const exact = units.map((u) => (total * u.weight) / weight);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

/** About `total` cadres: each unit's leadership team (2–4) and its staff. */
export function buildCadres(rng: Rng, units: readonly SeedUnit[], total: number): SeedCadre[] {
  const factory = new CadreFactory(rng);
  const teams = units.map((unit) => leaderRoles(rng, unit));
  const leaders = teams.reduce((sum, team) => sum + team.length, 0);
  const staff = apportion(units, Math.max(units.length, total - leaders));
  units.forEach((unit, i) => {
    for (const role of teams[i]) factory.add(unit, role);
    for (let k = 0; k < staff[i]; k++) {
      const rank = staffRank(rng, unit);
      factory.add(unit, { rank, title: staffTitle(rng, unit, rank), leader: false });
    }
  });
  return factory.cadres;
}
