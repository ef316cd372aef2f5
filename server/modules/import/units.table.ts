import { AdminLevel, FrontlineArea, UnitKind } from '../unit/unit.entity';
import { ADMIN_LEVEL_LABELS, FRONTLINE_AREA_LABELS, UNIT_KIND_LABELS } from '../unit/unit.labels';
import { boolean, choice, text } from './codecs';
import type { ImportTable } from './columns';

/** A unit (单位) as one row of a spreadsheet; null is an empty cell, for the unit service to read. */
export interface UnitImportValues {
  /** The unit's code (单位代码): the natural key an import matches units by. */
  code: string;
  name: string;
  kind: UnitKind;
  adminLevel: AdminLevel;
  region: string;
  isDevelopedRegion: boolean | null;
  /** 急难险重领域; an empty cell leaves an existing unit's area (a new unit gets none). */
  frontlineArea: FrontlineArea | null;
  /** The parent unit's code, in this file or already in Guazhi. */
  parentCode: string | null;
}

export const UNIT_TABLE: ImportTable<UnitImportValues> = {
  code: { header: '单位代码', codec: text, required: true, example: 'DW001' },
  name: { header: '单位名称', codec: text, required: true, example: '某某县发展和改革局' },
  kind: {
    header: '单位类型',
    codec: choice(UNIT_KIND_LABELS),
    required: true,
    example: UnitKind.GOVERNMENT_DEPARTMENT,
  },
  adminLevel: {
    header: '行政级别',
    codec: choice(ADMIN_LEVEL_LABELS),
    required: true,
    example: AdminLevel.COUNTY,
  },
  region: { header: '地区', aliases: ['所属地区'], codec: text, required: true, example: '某某县' },
  isDevelopedRegion: {
    header: '发达地区',
    aliases: ['沿海发达地区'],
    codec: boolean,
    required: false,
    example: false,
  },
  frontlineArea: {
    header: '急难险重领域',
    codec: choice(FRONTLINE_AREA_LABELS),
    required: false,
    example: FrontlineArea.MAJOR_PROJECTS,
  },
  parentCode: { header: '上级单位代码', codec: text, required: false, example: 'DW000' },
};
