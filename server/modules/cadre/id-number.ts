import { Gender } from './cadre.entity';
import type { Text } from '../../common/text';

/** What a resident ID number (公民身份号码, GB 11643-1999) says about its holder. */
export interface IdNumberFacts {
  /** Six-digit administrative division code (行政区划代码) of the place of registration. */
  region: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** The sequence code's parity: odd for men, even for women. */
  gender: Gender;
}

/** Why an ID number is refused; each becomes a message the caller shows as it is. */
export type IdNumberProblem = 'FORMAT' | 'CHECK_DIGIT' | 'BIRTH_DATE';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check digit (校验码) of the first 17 digits: ISO 7064 MOD 11-2, as GB 11643 fixes it. */
export function idNumberCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * Reads an 18-character ID number: 6 region digits, the birth date as YYYYMMDD, 3 sequence
 * digits and a check character (0–9 or X; a lower-case x is accepted and means X).
 * `today` bounds the birth date (`YYYY-MM-DD`): nobody registered was born in the future.
 */
export function parseIdNumber(
  raw: string,
  today: string,
): { ok: true; idNumber: string; facts: IdNumberFacts } | { ok: false; problem: IdNumberProblem } {
  const idNumber = raw.trim().toUpperCase();
  const match = /^(\d{6})(\d{4})(\d{2})(\d{2})(\d{3})([0-9X])$/.exec(idNumber);
  if (!match) return { ok: false, problem: 'FORMAT' };
  if (idNumberCheckDigit(idNumber.slice(0, 17)) !== match[6]) {
    return { ok: false, problem: 'CHECK_DIGIT' };
  }
  const [year, month, day] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const birthDate = `${match[2]}-${match[3]}-${match[4]}`;
  if (year < 1900 || !isCalendarDate(year, month, day) || birthDate > today) {
    return { ok: false, problem: 'BIRTH_DATE' };
  }
  const gender = Number(match[5]) % 2 === 1 ? Gender.MALE : Gender.FEMALE;
  return { ok: true, idNumber, facts: { region: match[1], birthDate, gender } };
}

export const ID_NUMBER_PROBLEMS: Record<IdNumberProblem, Text> = {
  FORMAT: {
    en: 'An ID number (身份证号) has 17 digits and a check digit or X',
    zh: '身份证号由 17 位数字加 1 位校验码（数字或 X）组成',
  },
  CHECK_DIGIT: {
    en: 'The ID number’s check digit (校验码) does not match: a digit is wrong',
    zh: '身份证号校验码不符，其中有数字填写错误',
  },
  BIRTH_DATE: {
    en: 'The ID number’s birth date is not a real day in the past',
    zh: '身份证号中的出生日期不是过去的有效日期',
  },
};
