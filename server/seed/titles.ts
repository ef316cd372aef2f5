import { CadreRank, Education } from '../modules/cadre/cadre.entity';
import { PostingType } from '../modules/posting/posting-type';
import { AdminLevel, FrontlineArea, UnitKind } from '../modules/unit/unit.entity';
import { SECTIONS, TOWN_OFFICES, words } from './names';
import type { Rng } from './random';
import type { SeedUnit } from './units';

/** Position titles (职务) of cadres and postings, by kind of unit and rank. */

type Ladder = Partial<Record<CadreRank, readonly string[]>>;

const OFFICE_LADDER: Ladder = {
  STAFF: words('科员 一级科员 二级科员 四级主任科员'),
  SECTION_DEPUTY: words('{s}科副科长 办公室副主任 三级主任科员'),
  SECTION_CHIEF: words('{s}科科长 办公室主任 一级主任科员'),
  DIVISION_DEPUTY: words('{s}处副处长 二级调研员'),
  DIVISION_CHIEF: words('{s}处处长 一级调研员'),
  BUREAU_DEPUTY: words('一级巡视员 二级巡视员'),
  BUREAU_CHIEF: words('一级巡视员'),
};

const COURT_LADDER: Ladder = {
  STAFF: words('书记员 法官助理 科员'),
  SECTION_DEPUTY: words('副庭长 {s}科副科长'),
  SECTION_CHIEF: words('庭长 {s}科科长 四级高级法官'),
  DIVISION_DEPUTY: words('审判委员会专职委员 二级高级法官'),
  DIVISION_CHIEF: words('一级高级法官'),
};

const PROCURATORATE_LADDER: Ladder = {
  STAFF: words('书记员 检察官助理 科员'),
  SECTION_DEPUTY: words('检察部副主任 {s}科副科长'),
  SECTION_CHIEF: words('检察部主任 四级高级检察官'),
  DIVISION_DEPUTY: words('检察委员会专职委员 二级高级检察官'),
  DIVISION_CHIEF: words('一级高级检察官'),
};

const LADDERS: Partial<Record<UnitKind, Ladder>> = {
  TOWNSHIP: {
    STAFF: words('科员 办事员 一级科员'),
    SECTION_DEPUTY: words('{o}主任 人大主席团副主席 武装部部长 组织委员 宣传委员'),
  },
  SUBDISTRICT: {
    STAFF: words('科员 办事员 网格管理员'),
    SECTION_DEPUTY: words('{o}主任 人大工委副主任 武装部部长 组织委员'),
  },
  SCHOOL: {
    STAFF: words('教师 语文教研组组长 数学教研组组长 年级组长 团委书记'),
    SECTION_DEPUTY: words('教务处副主任 德育处副主任 总务处副主任 教科室副主任'),
    SECTION_CHIEF: words('教务处主任 德育处主任 总务处主任 办公室主任 教科室主任'),
    DIVISION_DEPUTY: words('工会主席'),
  },
  ENTERPRISE: {
    STAFF: words('职员 项目专员 投资专员 工程师'),
    SECTION_DEPUTY: words('投资发展部副经理 工程管理部副经理 财务部副经理'),
    SECTION_CHIEF: words('投资发展部经理 工程管理部经理 综合办公室主任 风控部经理'),
    DIVISION_DEPUTY: words('总经理助理 副总工程师'),
    DIVISION_CHIEF: words('总工程师'),
  },
};

/** Courts and procuratorates have their own titles; police and justice bureaus are offices. */
function ladder(unit: SeedUnit): Ladder {
  if (unit.name.endsWith('法院')) return COURT_LADDER;
  if (unit.name.endsWith('检察院')) return PROCURATORATE_LADDER;
  return LADDERS[unit.kind] ?? OFFICE_LADDER;
}

function fill(rng: Rng, template: string): string {
  return template.replace('{s}', rng.pick(SECTIONS)).replace('{o}', rng.pick(TOWN_OFFICES));
}

/** Title of a cadre who is not on the leadership team. */
export function staffTitle(rng: Rng, unit: SeedUnit, rank: CadreRank): string {
  const options = ladder(unit)[rank] ?? OFFICE_LADDER[rank] ?? ['科员'];
  return fill(rng, rng.pick(options));
}

/** Assistant to the administrative head (镇长助理, 院长助理), not to the party secretary. */
function headAssistant(unit: SeedUnit): string {
  const heads = unit.heads.filter((h) => !h.includes('书记'));
  return `${heads[heads.length - 1] ?? unit.heads[0]}助理`;
}

function deputyPost(rng: Rng, unit: SeedUnit): string {
  switch (unit.kind) {
    case UnitKind.TOWNSHIP:
      return rng.pick(['党委副书记', unit.deputyTitle, unit.deputyTitle, headAssistant(unit)]);
    case UnitKind.SUBDISTRICT:
      return rng.pick(['党工委副书记', '办事处副主任', '办事处副主任', '主任助理']);
    case UnitKind.SCHOOL:
      return rng.pick(['教务处副主任', '德育处副主任', '校长助理']);
    case UnitKind.ENTERPRISE:
      return rng.pick(['投资发展部副经理', '工程管理部副经理', '总经理助理']);
    case UnitKind.JUDICIAL: {
      const own = ladder(unit).SECTION_DEPUTY ?? OFFICE_LADDER.SECTION_DEPUTY!;
      return fill(rng, rng.pick(own));
    }
    default: {
      const office = unit.admin_level === AdminLevel.PROVINCE ? '{s}处副处长' : '{s}科副科长';
      return fill(rng, rng.pick([office, office, '办公室副主任']));
    }
  }
}

/** A posted cadre's post: its title, and its front-line area where the unit has none. */
export interface Post {
  title: string;
  area: FrontlineArea | null;
}

/** Front-line posts (急难险重岗位) by area: the report's 城市建设、信访和项目建设 (§4(二)). */
const FRONTLINE_POSTS: Record<FrontlineArea, readonly string[]> = {
  PETITIONS: words('信访接待中心副主任 信访积案化解专班副组长 矛盾纠纷调处中心副主任'),
  CITY_CONSTRUCTION: words('征迁工作组副组长 城市更新项目部副经理 棚户区改造指挥部副指挥长'),
  MAJOR_PROJECTS: words('重点项目建设指挥部副指挥长 重大项目服务专班副组长 项目协调服务组副组长'),
};
const AREAS = Object.values(FrontlineArea);

/**
 * A FRONTLINE post: in a front-line unit, a post of the unit's own work (the posting names no area
 * of its own); elsewhere (a county government, a subdistrict) a post of one of the areas, named.
 */
function frontlinePost(rng: Rng, receiving: SeedUnit): Post {
  const area = receiving.frontline_area ?? rng.pick(AREAS);
  const title = rng.pick(FRONTLINE_POSTS[area]);
  return { title, area: receiving.frontline_area === null ? area : null };
}

/** 定职: the post a posted cadre holds in the receiving unit, following DESIGN §2's posting types. */
export function postFor(
  rng: Rng,
  type: PostingType,
  receiving: SeedUnit,
  education: Education,
): Post {
  if (type === PostingType.FRONTLINE) return frontlinePost(rng, receiving);
  return { title: postTitle(rng, type, receiving, education), area: null };
}

function postTitle(
  rng: Rng,
  type: Exclude<PostingType, PostingType.FRONTLINE>,
  receiving: SeedUnit,
  education: Education,
): string {
  switch (type) {
    case PostingType.HIGHER_ASSISTANT:
    case PostingType.OUTWARD:
      return receiving.kind === UnitKind.SUBDISTRICT && type === PostingType.OUTWARD
        ? rng.pick(['党工委副书记', '办事处主任助理'])
        : headAssistant(receiving);
    case PostingType.GRADUATE_ASSISTANT:
      return education === Education.BACHELOR
        ? `${rng.pick(SECTIONS)}科科长助理`
        : headAssistant(receiving);
    case PostingType.SCHOOL_ASSISTANT:
      return '校长助理';
    default:
      return deputyPost(rng, receiving);
  }
}
