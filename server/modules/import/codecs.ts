import {
  BOOLEAN_LABELS,
  booleanLabel,
  enumReader,
  labelOf,
  type EnumLabels,
} from '../../common/labels';
import { CellRefusal } from './sheet';

/**
 * How one column's text becomes a value and back: `read` gets a cell's trimmed, non-empty text;
 * `write` gives the text templates and exports show, which `read` accepts again.
 */
export interface Codec<T> {
  /** Decides how a template formats the column (a date cell, a text cell). */
  kind: 'text' | 'date' | 'boolean' | 'choice' | 'list';
  read(text: string): T | CellRefusal;
  write(value: T): string;
  /** Allowed values (Chinese labels) when the column is a closed list, for the template's notes. */
  allowed?: readonly string[];
  /** The format in words, for the template's notes. */
  hint: string;
}

export const text: Codec<string> = {
  kind: 'text',
  read: (value) => value,
  write: (value) => value,
  hint: '文本',
};

/** Separators HR sheets use between items of a list (专长: 财务、法律). */
const LIST_SEPARATORS = /[、,，;；\n]/;

export const list: Codec<string[]> = {
  kind: 'list',
  read: (value) =>
    value
      .split(LIST_SEPARATORS)
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  write: (items) => items.join('、'),
  hint: '多项用顿号“、”分隔',
};

const truth = enumReader({ true: BOOLEAN_LABELS.true, false: BOOLEAN_LABELS.false });

export const boolean: Codec<boolean> = {
  kind: 'boolean',
  read: (value) => {
    const answer = truth(value);
    if (answer === null) {
      return new CellRefusal('INVALID_BOOLEAN', {
        en: `“${value}” is not 是 or 否 (Y/N, true/false, 1/0).`,
        zh: `“${value}”不是“是”或“否”（Y/N、true/false、1/0）。`,
      });
    }
    return answer === 'true';
  },
  write: booleanLabel,
  allowed: [booleanLabel(true), booleanLabel(false)],
  hint: '是/否',
};

/** An enum read from its code or any of its Chinese labels; written as its first label. */
export function choice<E extends string>(labels: EnumLabels<E>): Codec<E> {
  const read = enumReader(labels);
  const allowed = (Object.keys(labels) as E[]).map((value) => labelOf(labels, value));
  return {
    kind: 'choice',
    read: (value) =>
      read(value) ??
      new CellRefusal('INVALID_CHOICE', {
        en: `“${value}” is not one of: ${allowed.join('、')}.`,
        zh: `“${value}”不在可选值之内：${allowed.join('、')}。`,
      }),
    write: (value) => labelOf(labels, value),
    allowed,
    hint: allowed.join('/'),
  };
}

const DAY_FORMATS = [
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A calendar day as `YYYY-MM-DD`. Also read: 1985/3/2, 1985.3.2, 1985年3月2日, 19850302, and a
 * bare day number, which is what a date cell becomes when its format is unknown to the reader.
 */
export const date: Codec<string> = {
  kind: 'date',
  read: (value) => {
    const key = value.normalize('NFKC');
    const parts = DAY_FORMATS.map((format) => format.exec(key)).find((match) => match !== null);
    if (parts) return calendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]), value);
    if (/^\d{5}$/.test(key)) {
      const day = new Date(EXCEL_EPOCH_MS + Number(key) * 86_400_000);
      return calendarDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), value);
    }
    return invalidDate(value);
  },
  write: (value) => value,
  hint: '日期, 如 1985-03-02',
};

function calendarDate(year: number, month: number, day: number, original: string) {
  const candidate = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1900 && candidate.getUTCMonth() === month - 1 && candidate.getUTCDate() === day;
  return real ? candidate.toISOString().slice(0, 10) : invalidDate(original);
}

function invalidDate(value: string): CellRefusal {
  return new CellRefusal('INVALID_DATE', {
    en: `“${value}” is not a date (YYYY-MM-DD).`,
    zh: `“${value}”不是日期（YYYY-MM-DD）。`,
  });
}
