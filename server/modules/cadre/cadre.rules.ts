import { CommonErrorCode } from '../../common/user-error';
import { textProblem, type FieldProblem } from '../../common/validation';
import { CadreRank, Education, Gender, PoliticalStatus } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import { ID_NUMBER_PROBLEMS, parseIdNumber } from './id-number';
import { normalizePhone, PHONE_RULE } from './phone';
import type { Text } from '../../common/text';
import { labelOf } from '../../common/labels';
import { GENDER_LABELS } from './cadre.labels';

/** The profile of DESIGN §2 a cadre's record keeps, home unit and team place aside. */
export interface CadreProfile {
  name: string;
  gender: Gender;
  birthDate: string;
  education: Education;
  politicalStatus: PoliticalStatus;
  positionTitle: string;
  rank: CadreRank;
  isReserve: boolean;
  isTrainee: boolean;
  isRecruitedGraduate: boolean;
  specialties: string[];
  idNumber: string;
  phone: string | null;
}

/** A whole cadre as a mutation or an import row gives it (home unit by row id). */
export interface CadreFields extends CadreProfile {
  homeUnitId: number;
  isLeadership: boolean;
}

export const CADRE_TEXT_LIMITS = { name: 100, positionTitle: 200, specialty: 100 } as const;
export const MAX_SPECIALTIES = 30;

const PROFILE_KEYS = [
  'name',
  'gender',
  'birthDate',
  'education',
  'politicalStatus',
  'positionTitle',
  'rank',
  'isReserve',
  'isTrainee',
  'isRecruitedGraduate',
  'specialties',
  'idNumber',
  'phone',
] as const satisfies readonly (keyof CadreProfile)[];
export { PROFILE_KEYS as CADRE_PROFILE_KEYS };

/** An ID number (身份证号) as stored and matched: the natural key of a cadre, in imports too. */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/**
 * The fields as they are stored: texts trimmed, the ID number upper-cased, a valid phone number
 * in its one written form (an invalid one is left as given, for `cadreProblems` to report).
 */
export function normalizeCadre<T extends Partial<CadreProfile>>(fields: T): T {
  const out = { ...fields };
  if (out.name !== undefined) out.name = out.name.trim();
  if (out.positionTitle !== undefined) out.positionTitle = out.positionTitle.trim();
  if (out.idNumber !== undefined) out.idNumber = normalizeIdNumber(out.idNumber);
  if (out.specialties !== undefined) out.specialties = out.specialties.map((s) => s.trim());
  if (out.phone !== undefined && out.phone !== null) {
    out.phone = out.phone.trim() === '' ? null : (normalizePhone(out.phone) ?? out.phone);
  }
  return out;
}

const invalid = (field: string, message: Text): FieldProblem => ({
  field,
  code: CommonErrorCode.INVALID_VALUE,
  message,
});

const ENUMS = {
  gender: Gender,
  education: Education,
  politicalStatus: PoliticalStatus,
  rank: CadreRank,
} as const;

/**
 * Every problem of a cadre's (normalised) fields that needs no database: texts, enums, the ID
 * number (format, check digit, birth date) and its agreement with the birth date and gender
 * given beside it, the phone number. An import lists them all; a mutation refuses with the first.
 * Absent fields (an update) are not checked.
 */
export function cadreProblems(fields: Partial<CadreProfile>, today: string): FieldProblem[] {
  const problems: (FieldProblem | null)[] = [];
  if (fields.name !== undefined) {
    problems.push(textProblem('name', fields.name, { max: CADRE_TEXT_LIMITS.name }));
  }
  if (fields.positionTitle !== undefined) {
    const max = CADRE_TEXT_LIMITS.positionTitle;
    problems.push(textProblem('positionTitle', fields.positionTitle, { max }));
  }
  if (fields.specialties !== undefined) {
    if (fields.specialties.length > MAX_SPECIALTIES) {
      problems.push(
        invalid('specialties', {
          en: `At most ${MAX_SPECIALTIES} specialties`,
          zh: `专长最多 ${MAX_SPECIALTIES} 项`,
        }),
      );
    }
    const max = CADRE_TEXT_LIMITS.specialty;
    problems.push(...fields.specialties.map((s) => textProblem('specialties', s, { max })));
  }
  for (const [field, values] of Object.entries(ENUMS)) {
    const value = fields[field as keyof typeof ENUMS];
    if (value !== undefined && !Object.values<string>(values).includes(value)) {
      problems.push(
        invalid(field, {
          en: `${field} is not one of its allowed values`,
          zh: `${field} 的取值不在允许范围内`,
        }),
      );
    }
  }
  if (fields.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fields.birthDate)) {
    problems.push(
      invalid('birthDate', {
        en: 'birthDate is a date, YYYY-MM-DD',
        zh: '出生日期（birthDate）须为 YYYY-MM-DD 格式的日期',
      }),
    );
  }
  if (fields.idNumber !== undefined) {
    const parsed = parseIdNumber(fields.idNumber, today);
    if (!parsed.ok) {
      problems.push({
        field: 'idNumber',
        code: CadreErrorCode.INVALID_ID_NUMBER,
        message: ID_NUMBER_PROBLEMS[parsed.problem],
      });
    } else {
      problems.push(...idNumberAgreement(fields.idNumber, fields, today));
    }
  }
  if (fields.phone != null && normalizePhone(fields.phone) === null) {
    problems.push({ field: 'phone', code: CadreErrorCode.INVALID_PHONE, message: PHONE_RULE });
  }
  return problems.filter((p): p is FieldProblem => p !== null);
}

/**
 * Whether the birth date and gender given agree with the ID number (when it reads at all: a
 * record kept from before the check may hold one that does not, and is not refused for it).
 */
export function idNumberAgreement(
  idNumber: string,
  { birthDate, gender }: Partial<Pick<CadreProfile, 'birthDate' | 'gender'>>,
  today: string,
): FieldProblem[] {
  const parsed = parseIdNumber(idNumber, today);
  if (!parsed.ok) return [];
  const problems: FieldProblem[] = [];
  const mismatch = (field: string, says: Text) => ({
    field,
    code: CadreErrorCode.ID_NUMBER_MISMATCH,
    message: { en: `The ID number says ${says.en}`, zh: `身份证号显示${says.zh}` },
  });
  if (birthDate !== undefined && birthDate !== parsed.facts.birthDate) {
    problems.push(
      mismatch('birthDate', {
        en: `born ${parsed.facts.birthDate}`,
        zh: `出生日期为 ${parsed.facts.birthDate}`,
      }),
    );
  }
  if (gender !== undefined && gender !== parsed.facts.gender) {
    problems.push(
      mismatch('gender', {
        en: parsed.facts.gender,
        zh: `性别为${labelOf(GENDER_LABELS, parsed.facts.gender)}`,
      }),
    );
  }
  return problems;
}

/** Birth date and gender a new cadre's ID number gives, where the input leaves them out. */
export function withIdNumberFacts<T extends Partial<CadreProfile>>(fields: T, today: string): T {
  if (fields.idNumber === undefined) return fields;
  const parsed = parseIdNumber(fields.idNumber, today);
  if (!parsed.ok) return fields;
  return {
    ...fields,
    birthDate: fields.birthDate ?? parsed.facts.birthDate,
    gender: fields.gender ?? parsed.facts.gender,
  };
}
