import { CommonErrorCode } from '../../common/user-error';
import { textProblem, type FieldProblem } from '../../common/validation';
import { AdminLevel, FrontlineArea, UnitKind } from './unit.entity';
import { UnitErrorCode } from './unit.errors';

/** A unit's own fields, as a mutation or an import row gives them (parent by row id). */
export interface UnitFields {
  code: string;
  name: string;
  kind: UnitKind;
  adminLevel: AdminLevel;
  region: string;
  isDevelopedRegion: boolean;
  /** 急难险重领域 of the whole unit; null for an ordinary unit. */
  frontlineArea: FrontlineArea | null;
  parentId: number | null;
}

/** 单位代码: what the database's CHECK allows, after trimming and upper-casing. */
export const UNIT_CODE = /^[0-9A-Z][0-9A-Z._-]{0,31}$/;

export const UNIT_TEXT_LIMITS = { name: 200, region: 100 } as const;

/** A unit code (单位代码) as stored and matched: the natural key of a unit, in imports too. */
export function normalizeUnitCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Trims the texts and upper-cases the code, as they are stored. */
export function normalizeUnitFields<T extends Partial<UnitFields>>(fields: T): T {
  const out = { ...fields };
  if (out.code !== undefined) out.code = normalizeUnitCode(out.code);
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.region !== undefined) out.region = out.region.trim();
  return out;
}

/**
 * Every problem of a unit's fields that needs no database (text, code format, enum values), so
 * that an import lists them all for a row; the mutations refuse with the first. Takes the fields
 * normalised (`normalizeUnitFields`); absent fields (an update) are not checked.
 */
export function unitFieldProblems(fields: Partial<UnitFields>): FieldProblem[] {
  const problems: (FieldProblem | null)[] = [];
  if (fields.code !== undefined) {
    problems.push(textProblem('code', fields.code, { max: 32 }));
    if (!problems.at(-1) && !UNIT_CODE.test(fields.code)) {
      problems.push({
        field: 'code',
        code: CommonErrorCode.INVALID_VALUE,
        message: {
          en: 'A unit code (单位代码) has 1–32 letters, digits, dots, dashes or underscores',
          zh: '单位代码由 1–32 个字母、数字、点、连字符或下划线组成',
        },
      });
    }
  }
  if (fields.name !== undefined) {
    problems.push(textProblem('name', fields.name, { max: UNIT_TEXT_LIMITS.name }));
  }
  if (fields.region !== undefined) {
    problems.push(textProblem('region', fields.region, { max: UNIT_TEXT_LIMITS.region }));
  }
  if (fields.kind !== undefined && !Object.values(UnitKind).includes(fields.kind)) {
    problems.push(enumProblem('kind'));
  }
  if (fields.adminLevel !== undefined && !Object.values(AdminLevel).includes(fields.adminLevel)) {
    problems.push(enumProblem('adminLevel'));
  }
  const area = fields.frontlineArea;
  if (area != null && !Object.values(FrontlineArea).includes(area)) {
    problems.push(enumProblem('frontlineArea'));
  }
  return problems.filter((p): p is FieldProblem => p !== null);
}

const enumProblem = (field: string): FieldProblem => ({
  field,
  code: CommonErrorCode.INVALID_VALUE,
  message: { en: `${field} is not one of its allowed values`, zh: `${field} 的取值不在允许范围内` },
});

/** A row names a unit by a code no unit has (an import's 单位代码 or parent code column). */
export function unknownUnitCode(field: string, code: string): FieldProblem {
  return {
    field,
    code: UnitErrorCode.UNKNOWN_UNIT_CODE,
    message: {
      en: `No unit has the code ${normalizeUnitCode(code)} (单位代码)`,
      zh: `没有单位代码为 ${normalizeUnitCode(code)} 的单位`,
    },
  };
}
