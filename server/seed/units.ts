import { CadreRank } from '../modules/cadre/cadre.entity';
import { ADMIN_LEVEL_ORDER, AdminLevel, UnitKind } from '../modules/unit/unit.entity';
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
  /** Takes 急难险重 (FRONTLINE) postings: petitions, construction, major projects. */
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
  receives?: boolean;
  developed?: boolean;
  regionCode: string;
}

class UnitBuilder {
  readonly units: SeedUnit[] = [];

  add(spec: UnitSpec): SeedUnit {
    const created = stamp(LAUNCH);
    const unit: SeedUnit = {
      id: this.units.length + 1,
      created_at: created,
      updated_at: created,
      name: spec.name,
      kind: spec.kind,
      admin_level: spec.level,
      region: spec.region,
      is_developed_region: spec.developed ?? false,
      parent_id: spec.parent?.id ?? null,
      heads: spec.heads,
      deputyTitle: spec.deputy,
      headRank: spec.headRank,
      weight: spec.weight,
      frontline: spec.frontline ?? false,
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

function provinceUnits(b: UnitBuilder): void {
  const base = { level: AdminLevel.PROVINCE, region: PROVINCE, parent: null, weight: 3 };
  const common = { ...base, headRank: BUREAU_CHIEF, regionCode: PROVINCE_REGION_CODE };
  b.add({
    ...common,
    name: '中共江西省委组织部',
    kind: PARTY_DEPARTMENT,
    heads: ['部长'],
    deputy: '副部长',
  });
  b.add({
    ...common,
    name: '江西省发展和改革委员会',
    kind: GOVERNMENT_DEPARTMENT,
    heads: ['主任'],
    deputy: '副主任',
  });
  b.add({
    ...common,
    name: '江西省教育厅',
    kind: GOVERNMENT_DEPARTMENT,
    heads: ['厅长'],
    deputy: '副厅长',
  });
  b.add({
    ...common,
    name: '江西省人民检察院',
    kind: JUDICIAL,
    heads: ['检察长'],
    deputy: '副检察长',
  });
  b.add({
    ...common,
    name: '江西省社会科学院',
    kind: PUBLIC_INSTITUTION,
    heads: ['院长'],
    deputy: '副院长',
  });
  b.add({
    ...common,
    name: '江西省投资集团有限公司',
    kind: ENTERPRISE,
    heads: ['董事长', '总经理'],
    deputy: '副总经理',
  });
}

/** The home city: 市委 at the root, its departments, the government and what hangs off them. */
function cityUnits(b: UnitBuilder): Map<string, SeedUnit> {
  const region = PROVINCE + CITY;
  const at = {
    level: AdminLevel.CITY,
    region,
    regionCode: CITY_REGION_CODE,
    headRank: DIVISION_CHIEF,
  };
  const byKey = new Map<string, SeedUnit>();
  const add = (
    key: string,
    parentKey: string | null,
    spec: Omit<UnitSpec, keyof typeof at | 'parent'>,
  ) => {
    const parent = parentKey ? byKey.get(parentKey)! : null;
    byKey.set(key, b.add({ ...at, ...spec, parent }));
  };
  const party = PARTY_DEPARTMENT;
  const gov = GOVERNMENT_DEPARTMENT;
  add('root', null, {
    name: `中共${CITY}委员会`,
    kind: party,
    heads: ['市委书记'],
    deputy: '市委副书记',
    weight: 2,
    receives: false,
  });
  add('org', 'root', {
    name: `中共${CITY}委组织部`,
    kind: party,
    heads: ['部长'],
    deputy: '副部长',
    weight: 4,
  });
  add('pub', 'root', {
    name: `中共${CITY}委宣传部`,
    kind: party,
    heads: ['部长'],
    deputy: '副部长',
    weight: 3,
  });
  add('office', 'root', {
    name: `中共${CITY}委办公室`,
    kind: party,
    heads: ['主任'],
    deputy: '副主任',
    weight: 3,
  });
  add('law', 'root', {
    name: `中共${CITY}委政法委员会`,
    kind: party,
    heads: ['书记'],
    deputy: '副书记',
    weight: 2,
  });
  add('gov', 'root', {
    name: `${CITY}人民政府`,
    kind: gov,
    heads: ['市长'],
    deputy: '副市长',
    weight: 3,
  });
  add('ndrc', 'gov', {
    name: `${CITY}发展和改革委员会`,
    kind: gov,
    heads: ['主任'],
    deputy: '副主任',
    weight: 5,
  });
  add('fin', 'gov', {
    name: `${CITY}财政局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 4,
  });
  add('edu', 'gov', {
    name: `${CITY}教育局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 4,
  });
  add('build', 'gov', {
    name: `${CITY}住房和城乡建设局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 4,
    frontline: true,
  });
  add('petition', 'gov', {
    name: `${CITY}信访局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 3,
    frontline: true,
  });
  add('commerce', 'gov', {
    name: `${CITY}商务局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 3,
  });
  add('agri', 'gov', {
    name: `${CITY}农业农村局`,
    kind: gov,
    heads: ['局长'],
    deputy: '副局长',
    weight: 4,
  });
  add('procur', 'law', {
    name: `${CITY}人民检察院`,
    kind: JUDICIAL,
    heads: ['检察长'],
    deputy: '副检察长',
    weight: 4,
  });
  add('court', 'law', {
    name: `${CITY}中级人民法院`,
    kind: JUDICIAL,
    heads: ['院长'],
    deputy: '副院长',
    weight: 4,
  });
  add('police', 'law', {
    name: `${CITY}公安局`,
    kind: JUDICIAL,
    heads: ['局长'],
    deputy: '副局长',
    weight: 4,
  });
  add('justice', 'law', {
    name: `${CITY}司法局`,
    kind: JUDICIAL,
    heads: ['局长'],
    deputy: '副局长',
    weight: 3,
  });
  const school = {
    kind: SCHOOL,
    heads: ['校长', '党委书记'],
    deputy: '副校长',
    headRank: DIVISION_DEPUTY,
    weight: 4,
  };
  add('school1', 'edu', { ...school, name: `${CITY}第一中学` });
  add('school2', 'edu', { ...school, name: `${CITY}实验中学` });
  add('school3', 'edu', { ...school, name: `${CITY}第二中学` });
  const firm = { kind: ENTERPRISE, heads: ['董事长', '总经理'], deputy: '副总经理', weight: 3 };
  add('uci', 'gov', { ...firm, name: `${CITY}城市建设投资集团有限公司`, frontline: true });
  add('traffic', 'gov', { ...firm, name: `${CITY}交通投资集团有限公司` });
  add('hospital', 'gov', {
    name: `${CITY}人民医院`,
    kind: PUBLIC_INSTITUTION,
    heads: ['院长', '党委书记'],
    deputy: '副院长',
    weight: 3,
  });
  add('projects', 'ndrc', {
    name: `${CITY}重大项目建设服务中心`,
    kind: PUBLIC_INSTITUTION,
    heads: ['主任'],
    deputy: '副主任',
    weight: 2,
    frontline: true,
  });
  add('academy', 'agri', {
    name: `${CITY}农业科学研究院`,
    kind: PUBLIC_INSTITUTION,
    heads: ['院长'],
    deputy: '副院长',
    weight: 2,
  });
  return byKey;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** One county (or district): its government, org department, court, school and four towns. */
function countyUnits(b: UnitBuilder, city: Map<string, SeedUnit>, index: number): void {
  const isDistrict = index % 4 === 1;
  const county = placeName(index, 17) + (isDistrict ? '区' : '县');
  const region = PROVINCE + CITY + county;
  const regionCode = `36${pad2(11 + Math.floor(index / 79))}${pad2(21 + (index % 79))}`;
  const at = { region, regionCode, level: AdminLevel.COUNTY };
  const head = isDistrict ? '区长' : '县长';
  const gov = b.add({
    ...at,
    name: `${county}人民政府`,
    kind: GOVERNMENT_DEPARTMENT,
    parent: city.get('gov')!,
    heads: [head],
    deputy: `副${head}`,
    headRank: DIVISION_CHIEF,
    weight: 4,
    frontline: true,
  });
  const office = { ...at, headRank: DIVISION_DEPUTY, weight: 2 };
  b.add({
    ...office,
    name: `中共${county}委组织部`,
    kind: PARTY_DEPARTMENT,
    parent: city.get('org')!,
    heads: ['部长'],
    deputy: '副部长',
  });
  b.add({
    ...office,
    name: `${county}人民法院`,
    kind: JUDICIAL,
    parent: city.get('court')!,
    heads: ['院长'],
    deputy: '副院长',
  });
  b.add({
    ...office,
    name: `${county}第一中学`,
    kind: SCHOOL,
    parent: gov,
    heads: ['校长'],
    deputy: '副校长',
    weight: 3,
  });

  const town = {
    ...at,
    level: AdminLevel.TOWNSHIP,
    parent: gov,
    headRank: SECTION_CHIEF,
    weight: 2,
  };
  const names = [0, 1, 2, 3].map((j) => county + placeName(index * 4 + j, 301));
  const firstTown = b.add({
    ...town,
    name: `${names[0]}镇人民政府`,
    kind: TOWNSHIP,
    heads: ['党委书记', '镇长'],
    deputy: '副镇长',
  });
  b.add({
    ...town,
    name: `${names[1]}镇人民政府`,
    kind: TOWNSHIP,
    heads: ['党委书记', '镇长'],
    deputy: '副镇长',
  });
  b.add({
    ...town,
    name: `${names[2]}乡人民政府`,
    kind: TOWNSHIP,
    heads: ['党委书记', '乡长'],
    deputy: '副乡长',
  });
  b.add({
    ...town,
    name: `${names[3]}街道办事处`,
    kind: SUBDISTRICT,
    heads: ['党工委书记', '主任'],
    deputy: '副主任',
    frontline: true,
  });
  b.add({
    ...town,
    name: `${names[0]}镇中心学校`,
    kind: SCHOOL,
    parent: firstTown,
    heads: ['校长'],
    deputy: '副校长',
  });
}

/** Units in developed coastal regions, for OUTWARD postings: per district a government, a bureau, a subdistrict. */
function developedUnits(b: UnitBuilder, count: number): void {
  const governments = new Map<number, SeedUnit>();
  let made = 0;
  for (let k = 0; made < count; k++) {
    const d = k % DEVELOPED_DISTRICTS.length;
    const [cityRegion, district, regionCode] = DEVELOPED_DISTRICTS[d];
    const city = cityRegion.replace(/^.+省/, '');
    const at = { region: cityRegion + district, regionCode, developed: true, weight: 1 };
    const plan: (() => void)[] = [];
    if (!governments.has(d)) {
      plan.push(() => {
        const unit = b.add({
          ...at,
          name: `${city}${district}人民政府`,
          kind: GOVERNMENT_DEPARTMENT,
          level: AdminLevel.COUNTY,
          parent: null,
          heads: ['区长'],
          deputy: '副区长',
          headRank: DIVISION_CHIEF,
        });
        governments.set(d, unit);
      });
      plan.push(() => {
        b.add({
          ...at,
          name: `${city}${district}${DEVELOPED_DEPARTMENTS[d % DEVELOPED_DEPARTMENTS.length]}`,
          kind: GOVERNMENT_DEPARTMENT,
          level: AdminLevel.COUNTY,
          parent: governments.get(d)!,
          heads: ['局长'],
          deputy: '副局长',
          headRank: DIVISION_DEPUTY,
        });
      });
    }
    plan.push(() => {
      b.add({
        ...at,
        name: `${city}${district}${placeName(k, 911)}街道办事处`,
        kind: SUBDISTRICT,
        level: AdminLevel.TOWNSHIP,
        parent: governments.get(d)!,
        heads: ['党工委书记', '主任'],
        deputy: '副主任',
        headRank: SECTION_CHIEF,
      });
    });
    for (const step of plan) {
      if (made >= count) break;
      step();
      made++;
    }
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
