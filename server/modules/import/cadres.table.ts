import { CadreRank, Education, Gender, PoliticalStatus } from '../cadre/cadre.entity';
import {
  CADRE_RANK_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  POLITICAL_STATUS_LABELS,
} from '../cadre/cadre.labels';
import { boolean, choice, date, list, text } from './codecs';
import { READ_ONLY_HEADERS, type ImportTable } from './columns';

/**
 * A cadre (干部) as one row of an HR spreadsheet. Null is an empty cell: the cadre service decides
 * what it means (false for a new cadre, unchanged for an existing one).
 */
export interface CadreImportValues {
  name: string;
  gender: Gender;
  birthDate: string;
  idNumber: string;
  /** The home unit's code (单位代码), resolved to a unit by the service. */
  homeUnitCode: string;
  positionTitle: string;
  rank: CadreRank;
  education: Education;
  politicalStatus: PoliticalStatus;
  isLeadership: boolean | null;
  isReserve: boolean | null;
  isTrainee: boolean | null;
  isRecruitedGraduate: boolean | null;
  specialties: string[] | null;
  phone: string | null;
}

/**
 * The cadres export's columns for reading only (编号, 所在单位 …), written beside the table's own:
 * an import skips them, so an exported list can be edited in Excel and imported back. A cadre's
 * status changes through its own mutations (retire, transfer out), never by editing a cell.
 */
export const CADRE_READ_ONLY_HEADERS = {
  id: '编号',
  birthYear: '出生年份',
  homeUnitName: '所在单位',
  status: '在职状态',
} as const;

export const CADRE_TABLE: ImportTable<CadreImportValues> = {
  [READ_ONLY_HEADERS]: Object.values(CADRE_READ_ONLY_HEADERS),
  name: { header: '姓名', codec: text, required: true, example: '张三' },
  gender: { header: '性别', codec: choice(GENDER_LABELS), required: true, example: Gender.MALE },
  birthDate: { header: '出生日期', codec: date, required: true, example: '1985-03-02' },
  idNumber: {
    header: '身份证号',
    aliases: ['身份证号码', '公民身份号码'],
    codec: text,
    required: true,
    example: '110101198503020016',
  },
  homeUnitCode: {
    header: '单位代码',
    aliases: ['所在单位代码'],
    codec: text,
    required: true,
    example: 'DW001',
  },
  positionTitle: {
    header: '职务',
    aliases: ['现任职务'],
    codec: text,
    required: true,
    example: '办公室主任',
  },
  rank: {
    header: '职级',
    codec: choice(CADRE_RANK_LABELS),
    required: true,
    example: CadreRank.SECTION_CHIEF,
  },
  education: {
    header: '学历',
    aliases: ['最高学历'],
    codec: choice(EDUCATION_LABELS),
    required: true,
    example: Education.BACHELOR,
  },
  politicalStatus: {
    header: '政治面貌',
    codec: choice(POLITICAL_STATUS_LABELS),
    required: true,
    example: PoliticalStatus.CPC_MEMBER,
  },
  isLeadership: { header: '班子成员', codec: boolean, required: false, example: false },
  isReserve: { header: '后备干部', codec: boolean, required: false, example: true },
  isTrainee: {
    header: '中青年干部培训班学员',
    aliases: ['培训班学员'],
    codec: boolean,
    required: false,
    example: false,
  },
  isRecruitedGraduate: { header: '选调生', codec: boolean, required: false, example: false },
  specialties: {
    header: '专长',
    aliases: ['特长'],
    codec: list,
    required: false,
    example: ['财务', '法律'],
  },
  phone: {
    header: '联系电话',
    aliases: ['电话', '手机'],
    codec: text,
    required: false,
    example: '13800138000',
  },
};
