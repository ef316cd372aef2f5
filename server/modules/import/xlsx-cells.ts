import type { CellValue } from 'exceljs';
import { CellRefusal, type Cell } from './sheet';

/** Excel keeps 15 significant digits: a longer integer (an ID number typed as a number) is rounded. */
const EXACT_DIGITS_BELOW = 1e15;

/**
 * A cell of a workbook as the text a person sees in it. Formulas are refused, not evaluated: the
 * file's cached result may be stale and a formula is not a value anyone typed.
 */
export function xlsxCell(value: CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  if (value instanceof Date) return calendarDay(value);
  if ('formula' in value || 'sharedFormula' in value) {
    return new CellRefusal('FORMULA_NOT_ALLOWED', {
      en: 'The cell holds a formula; paste its value instead.',
      zh: '单元格含有公式，请改为粘贴其数值。',
    });
  }
  if ('error' in value)
    return new CellRefusal('CELL_ERROR', {
      en: `The cell holds the error ${value.error}.`,
      zh: `单元格含有错误值 ${value.error}。`,
    });
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  return value.text;
}

/** Whole numbers without exponent or separators, so phone numbers read as typed. */
function numberText(value: number): Cell {
  if (Number.isInteger(value)) {
    if (Math.abs(value) >= EXACT_DIGITS_BELOW) {
      return new CellRefusal('NUMBER_PRECISION_LOST', {
        en: 'Excel stored this long number as a number and rounded its last digits; format the column as text and type it again.',
        zh: 'Excel 将这个长数字存为数值并舍入了末几位，请将该列设为文本格式后重新输入。',
      });
    }
    return value.toFixed(0);
  }
  return String(Number(value.toPrecision(15)));
}

/**
 * exceljs turns a date cell into the instant whose UTC fields are the day and time the sheet shows
 * (a workbook has no time zone). The sheet was written in China, so its day is China's: the UTC
 * fields, not the instant converted to Asia/Shanghai, which would move 20:00 to the next day.
 */
function calendarDay(date: Date): Cell {
  if (Number.isNaN(date.getTime()))
    return new CellRefusal('INVALID_DATE', {
      en: 'The date cell is damaged.',
      zh: '该日期单元格已损坏。',
    });
  return date.toISOString().slice(0, 10);
}
