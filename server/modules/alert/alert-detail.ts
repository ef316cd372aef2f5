import { daysBetween } from '../../common/dates';
import { labelOf } from '../../common/labels';
import { localize, type Locale, type Text } from '../../common/text';
import { DIMENSION_LABELS } from '../evaluation/evaluation.labels';
import { EvaluationDimension } from '../evaluation/evaluation-enums';
import { AlertKind } from './alert.entity';

/**
 * The facts each alert rule measures (alert/sql/*.sql, `facts jsonb`): numbers and ISO dates, no
 * words, so that the SQL says what is wrong and this file says it in the reader's language.
 */
export interface AlertFacts {
  UNMANAGED_POSTING:
    | { reason: 'NO_MENTOR'; deadlineDays: number; activatedOn: string }
    | { reason: 'NO_CONTACT'; intervalDays: number; since: string; sinceLastContact: boolean };
  PASSIVE_CADRE:
    | {
        reason: 'DAYS_ON_SITE';
        daysOnSite: number;
        workingDays: number;
        period: string;
        /** The days of the period the posting covered; null when it covered all of it. */
        from: string | null;
        to: string | null;
      }
    | { reason: 'LOW_SCORES'; initiative: number | null; discipline: number | null };
  NOMINAL_ROLE: { reason: 'NOMINAL_POST' | 'THREE_DEFINITIONS_MISSING' };
  UNUSED_TALENT: { windowMonths: number; returnedOn: string };
  OVERDUE_RETURN: { plannedEnd: string };
  MISSING_FINAL_EVALUATION: { deadlineDays: number; returnedOn: string };
}

const score = (value: number | null) => (value === null ? '-' : String(value));

/**
 * One wording per kind, in both languages: a new kind does not compile until it has one. `on` is
 * the day the alert is read for (today, or the day it cleared): the facts hold for as long as the
 * alert stands, and counts of days are made from them.
 */
const DETAIL: { [K in AlertKind]: (facts: AlertFacts[K], on: string) => Text } = {
  UNMANAGED_POSTING: (f) =>
    f.reason === 'NO_MENTOR'
      ? {
          en: `No active mentor ${f.deadlineDays} days after activation on ${f.activatedOn}`,
          zh: `${f.activatedOn} 到岗后 ${f.deadlineDays} 天仍未明确帮带导师`,
        }
      : {
          en: `No feedback report or mentor session for ${f.intervalDays} days since ${f.sinceLastContact ? 'the last on' : 'activation on'} ${f.since}`,
          zh: f.sinceLastContact
            ? `自上次联系（${f.since}）起 ${f.intervalDays} 天无情况反馈，也无帮带谈话`
            : `自 ${f.since} 到岗起 ${f.intervalDays} 天无情况反馈，也无帮带谈话`,
        },
  PASSIVE_CADRE: (f) =>
    f.reason === 'DAYS_ON_SITE'
      ? {
          en:
            `On site ${f.daysOnSite} of ${f.workingDays} working days in ${f.period}` +
            (f.from && f.to ? ` (${f.from} – ${f.to})` : ''),
          zh:
            `${f.period} 在岗 ${f.daysOnSite} 天，应在岗工作日 ${f.workingDays} 天` +
            (f.from && f.to ? `（${f.from} 至 ${f.to}）` : ''),
        }
      : {
          en: `Latest routine evaluation: initiative ${score(f.initiative)}, discipline ${score(f.discipline)}`,
          zh:
            `最近一次平时考核：${labelOf(DIMENSION_LABELS, EvaluationDimension.INITIATIVE)} ${score(f.initiative)} 分，` +
            `${labelOf(DIMENSION_LABELS, EvaluationDimension.DISCIPLINE)} ${score(f.discipline)} 分`,
        },
  NOMINAL_ROLE: (f) =>
    f.reason === 'NOMINAL_POST'
      ? { en: 'Nominal post (虚职)', zh: '所任为虚职' }
      : { en: 'Duties or training plan missing (三定)', zh: '职责或培养计划缺失（“三定”未落实）' },
  UNUSED_TALENT: (f) => ({
    en: `EXCELLENT, no promotion within ${f.windowMonths} months of return on ${f.returnedOn}`,
    zh: `期满考核优秀，${f.returnedOn} 返回后 ${f.windowMonths} 个月内未获提拔或重用`,
  }),
  OVERDUE_RETURN: (f, on) => ({
    en: `Planned end ${f.plannedEnd} has passed`,
    zh: `计划结束日期 ${f.plannedEnd} 已过，逾期 ${daysBetween(f.plannedEnd, on)} 天仍未返回`,
  }),
  MISSING_FINAL_EVALUATION: (f) => ({
    en: `No finalized FINAL evaluation ${f.deadlineDays} days after return on ${f.returnedOn}`,
    zh: `${f.returnedOn} 返回后 ${f.deadlineDays} 天仍无定稿的期满考核`,
  }),
};

/** What an alert's rule measured, in both languages. */
export function alertDetailText<K extends AlertKind>(
  kind: K,
  facts: AlertFacts[K],
  on: string,
): Text {
  return DETAIL[kind](facts, on);
}

/** The alert's `detail` as the reader reads it (`Accept-Language`). */
export function alertDetail(
  alert: { kind: AlertKind; facts: unknown; clearedOn: string | null },
  locale: Locale,
  today: string,
): string {
  const on = alert.clearedOn ?? today;
  return localize(alertDetailText(alert.kind, alert.facts as AlertFacts[AlertKind], on), locale);
}
