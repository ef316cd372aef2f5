import { quarters, stamp, TODAY, workdays } from './dates';
import type { FeedbackReportRow } from './model';
import { started } from './mentorships';
import type { SeedPosting } from './postings';
import type { Rng } from './random';
import { reportTexts } from './texts';

/**
 * Quarterly 情况反馈 from the receiving unit: one per full quarter on site, plus the last partial
 * quarter of a posting that has ended. Each is dated at the end of its period, inside the posting,
 * because a receiving unit's manager may only read what was written while the posting was open.
 */
export function buildReports(
  rng: Rng,
  postings: readonly SeedPosting[],
  managerOf: ReadonlyMap<number, number>,
): FeedbackReportRow[] {
  const rows: FeedbackReportRow[] = [];
  for (const p of postings) {
    if (!started(p)) continue;
    const last = p.end ?? TODAY - 1;
    for (const q of quarters(p.start, last)) {
      if (q.start < p.start) continue;
      const to = Math.min(q.end, last);
      const partial = to < q.end;
      if (partial && (p.end === null || to - q.start < 30)) continue;
      if (!p.showcase && rng.chance(0.07)) continue;
      const ratio = p.passive ? rng.int(30, 55) / 100 : rng.int(85, 100) / 100;
      const text = reportTexts(rng, p.responsibilities[0] ?? '完成交办的各项工作', p.passive);
      const created = stamp(to, '10:00');
      rows.push({
        id: rows.length + 1,
        created_at: created,
        updated_at: created,
        posting_id: p.id,
        period: q.period,
        days_on_site: Math.round(workdays(q.start, to) * ratio),
        political_conduct: text.politicalConduct,
        performance: text.performance,
        problems: text.problems,
        submitted_by_id: managerOf.get(p.receiving_unit_id) ?? null,
      });
    }
  }
  return rows;
}
