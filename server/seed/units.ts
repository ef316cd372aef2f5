import { CadreRank } from '../modules/cadre/cadre.entity';
import {
  ADMIN_LEVEL_ORDER,
  AdminLevel,
  FrontlineArea,
  UnitKind,
} from '../modules/unit/unit.entity';
import { LAUNCH, stamp } from './dates';
import type { UnitRow } from './model';
import {
  CITY,
  CITY_REGION_CODE,
  DEVELOPED_DEPARTMENTS,
  DEVELOPED_DISTRICTS,
  PROVINCE,
  PROVINCE_REGION_CODE,
  placeName,
} from './names';

export interface SeedUnit extends UnitRow {
  /** Titles of the unit's heads (正职), e.g. 党委书记 and 镇长; deputies share `deputyTitle`. */
  heads: readonly string[];
  deputyTitle: string;
  headRank: CadreRank;
  /** Relative staff size. */
  weight: number;
  /**
   * Takes 急难险重 (FRONTLINE) postings: petitions, construction, major projects. Either the whole
   * unit does such work (`frontline_area`), or its posts for it name their area (a county
   * government's 征迁工作组, a subdistrict's 信访接待中心).
   */
  frontline: boolean;
  /** Takes posted cadres at all (the 市委 itself does not). */
  receives: boolean;
  /** First six digits of its staff's id numbers. */
  regionCode: string;
  levelIndex: number;
  /** Leadership team (班子成员): cadre ids, filled by the cadre generator. */
  leaders: number[];
}

interface UnitSpec {
  name: string;
  kind: UnitKind;
  level: AdminLevel;
  region: string;
  parent: SeedUnit | null;
  heads: readonly string[];
  deputy: string;
  headRank: CadreRank;
  weight: number;
  frontline?: boolean;
  /** The front-line work of the whole unit (急难险重领域); it then takes FRONTLINE postings. */
  area?: FrontlineArea;
  receives?: boolean;
  developed?: boolean;
  regionCode: string;
}

class UnitBuilder {
  readonly units: SeedUnit[] = [];

  add(spec: UnitSpec): SeedUnit {
    const created = stamp(LAUNCH);
    const id = this.units.length + 1;
    const unit: SeedUnit = {
      id,
      created_at: created,
      updated_at: created,
      code: `${spec.regionCode}-${String(id).padStart(4, '0')}`,
      name: spec.name,
      kind: spec.kind,
      admin_level: spec.level,
      region: spec.region,
      is_developed_region: spec.developed ?? false,
      frontline_area: spec.area ?? null,
      parent_id: spec.parent?.id ?? null,
      heads: spec.heads,
      deputyTitle: spec.deputy,
      headRank: spec.headRank,
      weight: spec.weight,
      frontline: spec.frontline ?? spec.area !== undefined,
      receives: spec.receives ?? true,
      regionCode: spec.regionCode,
      levelIndex: ADMIN_LEVEL_ORDER.indexOf(spec.level),
      leaders: [],
    };
    this.units.push(unit);
    return unit;
  }
}

const { PARTY_DEPARTMENT, GOVERNMENT_DEPARTMENT, TOWNSHIP, SUBDISTRICT, SCHOOL } = UnitKind;
const { ENTERPRISE, PUBLIC_INSTITUTION, JUDICIAL } = UnitKind;
const { BUREAU_CHIEF, DIVISION_CHIEF, DIVISION_DEPUTY, SECTION_CHIEF } = CadreRank;

/** key, parent key, name, kind, heads (space-separated), deputy title, staff weight, overrides. */
type Row = [string, string | null, string, UnitKind, string, string, number, Partial<UnitSpec>?];

const GOV = GOVERNMENT_DEPARTMENT;
const PARTY = PARTY_DEPARTMENT;
const PUBLIC = PUBLIC_INSTITUTION;
const FIRM = ENTERPRISE;
const FRONTLINE = { frontline: true };
const { PETITIONS, CITY_CONSTRUCTION, MAJOR_PROJECTS } = FrontlineArea;
const SCHOOL_HEAD = { headRank: DIVISION_DEPUTY };

const PROVINCE_UNITS: readonly Row[] = [
  ['org', null, '中共江西省委组织部', PARTY, '部长', '副部长', 3],
  ['ndrc', null, '江西省发展和改革委员会', GOV, '主任', '副主任', 3],
  ['edu', null, '江西省教育厅', GOV, '厅长', '副厅长', 3],
  ['procur', null, '江西省人民检察院', JUDICIAL, '检察长', '副检察长', 3],
  ['academy', null, '江西省社会科学院', PUBLIC, '院长', '副院长', 3],
  ['invest', null, '江西省投资集团有限公司', FIRM, '董事长 总经理', '副总经理', 3],
];

/** The home city: 市委 at the root, its departments, the government and what hangs off them. */
const CITY_UNITS: readonly Row[] = [
  ['root', null, `中共${CITY}委员会`, PARTY, '市委书记', '市委副书记', 2, { receives: false }],
  ['org', 'root', `中共${CITY}委组织部`, PARTY, '部长', '副部长', 4],
  ['pub', 'root', `中共${CITY}委宣传部`, PARTY, '部长', '副部长', 3],
  ['office', 'root', `中共${CITY}委办公室`, PARTY, '主任', '副主任', 3],
  ['law', 'root', `中共${CITY}委政法委员会`, PARTY, '书记', '副书记', 2],
  ['gov', 'root', `${CITY}人民政府`, GOV, '市长', '副市长', 3],
  ['ndrc', 'gov', `${CITY}发展和改革委员会`, GOV, '主任', '副主任', 5],
  ['fin', 'gov', `${CITY}财政局`, GOV, '局长', '副局长', 4],
  ['edu', 'gov', `${CITY}教育局`, GOV, '局长', '副局长', 4],
  [
    'build',
    'gov',
    `${CITY}住房和城乡建设局`,
    GOV,
    '局长',
    '副局长',
    4,
    { area: CITY_CONSTRUCTION },
  ],
  ['petition', 'gov', `${CITY}信访局`, GOV, '局长', '副局长', 3, { area: PETITIONS }],
  ['commerce', 'gov', `${CITY}商务局`, GOV, '局长', '副局长', 3],
  ['agri', 'gov', `${CITY}农业农村局`, GOV, '局长', '副局长', 4],
  ['procur', 'law', `${CITY}人民检察院`, JUDICIAL, '检察长', '副检察长', 4],
  ['court', 'law', `${CITY}中级人民法院`, JUDICIAL, '院长', '副院长', 4],
  ['police', 'law', `${CITY}公安局`, JUDICIAL, '局长', '副局长', 4],
  ['justice', 'law', `${CITY}司法局`, JUDICIAL, '局长', '副局长', 3],
  ['school1', 'edu', `${CITY}第一中学`, SCHOOL, '校长 党委书记', '副校长', 4, SCHOOL_HEAD],
  ['school2', 'edu', `${CITY}实验中学`, SCHOOL, '校长 党委书记', '副校长', 4, SCHOOL_HEAD],
  ['school3', 'edu', `${CITY}第二中学`, SCHOOL, '校长 党委书记', '副校长', 4, SCHOOL_HEAD],
  [
    'uci',
    'gov',
    `${CITY}城市建设投资集团`,
    FIRM,
    '董事长 总经理',
    '副总经理',
    3,
    { area: CITY_CONSTRUCTION },
  ],
  ['traffic', 'gov', `${CITY}交通投资集团`, FIRM, '董事长 总经理', '副总经理', 3],
  ['hospital', 'gov', `${CITY}人民医院`, PUBLIC, '院长 党委书记', '副院长', 3],
  [
    'projects',
    'ndrc',
    `${CITY}重大项目建设服务中心`,
    PUBLIC,
    '主任',
    '副主任',
    2,
    { area: MAJOR_PROJECTS },
  ],
  ['academy', 'agri', `${CITY}农业科学研究院`, PUBLIC, '院长', '副院长', 2],
];

/** Adds the rows in order (parents first); a parent key `^k` is unit `k` of `outer`. */
function addRows(
  b: UnitBuilder,
  rows: readonly Row[],
  at: Pick<UnitSpec, 'level' | 'region' | 'regionCode' | 'headRank'>,
  outer = new Map<string, SeedUnit>(),
): Map<string, SeedUnit> {
  const byKey = new Map<string, SeedUnit>();
  for (const [key, parentKey, name, kind, heads, deputy, weight, extra] of rows) {
    const parents = parentKey?.startsWith('^') ? outer : byKey;
    const parent = parentKey ? parents.get(parentKey.replace('^', ''))! : null;
    const spec = { ...at, name, kind, parent, heads: heads.split(' '), deputy, weight };
    byKey.set(key, b.add({ ...spec, ...extra }));
  }
  return byKey;
}

function provinceUnits(b: UnitBuilder): void {
  const at = { level: AdminLevel.PROVINCE, region: PROVINCE, regionCode: PROVINCE_REGION_CODE };
  addRows(b, PROVINCE_UNITS, { ...at, headRank: BUREAU_CHIEF });
}

function cityUnits(b: UnitBuilder): Map<string, SeedUnit> {
  const at = { level: AdminLevel.CITY, region: PROVINCE + CITY, regionCode: CITY_REGION_CODE };
  return addRows(b, CITY_UNITS, { ...at, headRank: DIVISION_CHIEF });
}

/** One county (or district): its government, org department, court, school and four towns. */
function countyRows(county: string, head: string, towns: readonly string[]): Row[] {
  const seat = { headRank: DIVISION_CHIEF, ...FRONTLINE };
  const town = { level: AdminLevel.TOWNSHIP, headRank: SECTION_CHIEF };
  const street = { ...town, ...FRONTLINE };
  return [
    ['gov', '^gov', `${county}人民政府`, GOV, head, `副${head}`, 4, seat],
    ['org', '^org', `中共${county}委组织部`, PARTY, '部长', '副部长', 2],
    ['court', '^court', `${county}人民法院`, JUDICIAL, '院长', '副院长', 2],
    ['school', 'gov', `${county}第一中学`, SCHOOL, '校长', '副校长', 3],
    ['town', 'gov', `${towns[0]}镇人民政府`, TOWNSHIP, '党委书记 镇长', '副镇长', 2, town],
    ['town2', 'gov', `${towns[1]}镇人民政府`, TOWNSHIP, '党委书记 镇长', '副镇长', 2, town],
    ['village', 'gov', `${towns[2]}乡人民政府`, TOWNSHIP, '党委书记 乡长', '副乡长', 2, town],
    ['street', 'gov', `${towns[3]}街道办事处`, SUBDISTRICT, '党工委书记 主任', '副主任', 2, street],
    ['townSchool', 'town', `${towns[0]}镇中心学校`, SCHOOL, '校长', '副校长', 2, town],
  ];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function countyUnits(b: UnitBuilder, city: Map<string, SeedUnit>, index: number): void {
  const isDistrict = index % 4 === 1;
  const county = placeName(index, 17) + (isDistrict ? '区' : '县');
  const towns = [0, 1, 2, 3].map((j) => county + placeName(index * 4 + j, 301));
  const region = PROVINCE + CITY + county;
  const regionCode = `36${pad2(11 + Math.floor(index / 79))}${pad2(21 + (index % 79))}`;
  const at = { level: AdminLevel.COUNTY, region, regionCode, headRank: DIVISION_DEPUTY };
  addRows(b, countyRows(county, isDistrict ? '区长' : '县长', towns), at, city);
}

/** OUTWARD destinations: per developed district its government and a bureau, then subdistricts. */
function developedUnits(b: UnitBuilder, count: number): void {
  const limit = b.units.length + count;
  const add = (spec: UnitSpec) => (b.units.length < limit ? b.add(spec) : null);
  const governments: (SeedUnit | null)[] = [];
  for (let k = 0; b.units.length < limit; k++) {
    const d = k % DEVELOPED_DISTRICTS.length;
    const [cityRegion, district, regionCode] = DEVELOPED_DISTRICTS[d];
    const prefix = cityRegion.replace(/^.+省/, '') + district;
    const at = { region: cityRegion + district, regionCode, developed: true, weight: 1 };
    const county = { ...at, kind: GOV, level: AdminLevel.COUNTY };
    if (k < DEVELOPED_DISTRICTS.length) {
      const head = { heads: ['区长'], deputy: '副区长', headRank: DIVISION_CHIEF };
      governments[d] = add({ ...county, ...head, name: `${prefix}人民政府`, parent: null });
      const bureau = DEVELOPED_DEPARTMENTS[d % DEVELOPED_DEPARTMENTS.length];
      const chief = { heads: ['局长'], deputy: '副局长', headRank: DIVISION_DEPUTY };
      add({ ...county, ...chief, name: prefix + bureau, parent: governments[d] });
    }
    add({
      ...at,
      name: `${prefix}${placeName(k, 911)}街道办事处`,
      kind: SUBDISTRICT,
      level: AdminLevel.TOWNSHIP,
      parent: governments[d],
      heads: ['党工委书记', '主任'],
      deputy: '副主任',
      headRank: SECTION_CHIEF,
    });
  }
}

/** Counties and developed units grow sub-linearly with scale; the city and province are fixed. */
export function buildUnits(scale: number): SeedUnit[] {
  const b = new UnitBuilder();
  provinceUnits(b);
  const city = cityUnits(b);
  const counties = Math.max(2, Math.round(2 * scale ** 0.85));
  for (let i = 0; i < counties; i++) countyUnits(b, city, i);
  developedUnits(b, Math.max(5, Math.round(5 * scale ** 0.7)));
  return b.units;
}
