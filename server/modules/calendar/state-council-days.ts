import chineseDays from 'chinese-days/dist/chinese-days.json';

/** One day of a State Council holiday notice, as the `chinese-days` package records it. */
export interface StateCouncilDay {
  date: string;
  isWorkingDay: boolean;
  /** The holiday's Chinese name; a make-up working day is named after the holiday it serves. */
  name: string;
}

/** The package keeps `"English,中文,days"` per date; the Chinese name is the second field. */
const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

/** Every holiday (节假日) and make-up working day (调休上班) the package knows, in date order. */
export function stateCouncilDays(): StateCouncilDay[] {
  const { holidays, workdays } = chineseDays as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const days = [
    ...Object.entries(holidays).map(([date, entry]) => ({
      date,
      isWorkingDay: false,
      name: chineseName(entry),
    })),
    ...Object.entries(workdays).map(([date, entry]) => ({
      date,
      isWorkingDay: true,
      name: `${chineseName(entry)}调休上班`,
    })),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
