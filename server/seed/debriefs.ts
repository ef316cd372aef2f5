import { PublicationVenue } from '../modules/debrief/experience-article.entity';
import { PostingStatus } from '../modules/posting/posting-type';
import { iso, stamp, TODAY, yearOf } from './dates';
import type { DebriefPostingRow, DebriefRow, ExperienceArticleRow } from './model';
import type { SeedPosting } from './postings';
import type { Rng } from './random';
import { article, debriefTexts } from './texts';

export interface Debriefs {
  debriefs: DebriefRow[];
  links: DebriefPostingRow[];
  articles: ExperienceArticleRow[];
}

/** Cadres per seminar: a big year's returnees meet in several sessions. */
const PER_SEMINAR = 25;

/** 研讨交流座谈会 after each year's postings end, attended by most of that year's returnees. */
function seminars(rng: Rng, postings: readonly SeedPosting[], out: Debriefs): void {
  const byYear = new Map<number, SeedPosting[]>();
  for (const p of postings) {
    if (p.status !== PostingStatus.COMPLETED) continue;
    const year = yearOf(p.end!);
    const list = byYear.get(year);
    if (list) list.push(p);
    else byYear.set(year, [p]);
  }
  for (const year of [...byYear.keys()].sort()) {
    const returned = byYear.get(year)!.sort((a, b) => a.end! - b.end! || a.id - b.id);
    const sessions = Math.ceil(returned.length / PER_SEMINAR);
    let previous = 0;
    for (let s = 0; s < sessions; s++) {
      const batch = returned.slice(s * PER_SEMINAR, (s + 1) * PER_SEMINAR);
      // Sessions of one year follow each other, each after its last returnee is back.
      const after = Math.max(previous + 1, batch[batch.length - 1].end! + rng.int(10, 40));
      const date = Math.min(TODAY - 1, after);
      previous = date;
      const text = debriefTexts(rng);
      const id = out.debriefs.length + 1;
      const title = `${year}年度挂职锻炼干部研讨交流座谈会${sessions > 1 ? `（第${s + 1}场）` : ''}`;
      out.debriefs.push({
        id,
        created_at: stamp(date, '14:30'),
        updated_at: stamp(date, '14:30'),
        title,
        date: iso(date),
        summary: text.summary,
        problems_found: text.problemsFound,
        suggestions: text.suggestions,
      });
      for (const p of batch)
        if (rng.chance(0.85)) out.links.push({ debrief_id: id, posting_id: p.id });
    }
  }
}

const VENUES: readonly (readonly PublicationVenue[])[] = [
  [],
  [],
  [PublicationVenue.BRIEFING],
  [PublicationVenue.BRIEFING, PublicationVenue.WEB],
  [PublicationVenue.BULLETIN],
  [PublicationVenue.WEB],
];

/** 心得体会: many returnees and a few cadres still on site write one. */
function articles(rng: Rng, postings: readonly SeedPosting[], out: Debriefs): void {
  for (const p of postings) {
    let day: number | null = null;
    if (p.status === PostingStatus.COMPLETED && rng.chance(0.35)) {
      day = Math.min(TODAY - 1, p.end! + rng.int(1, 30));
    } else if (p.status === PostingStatus.ACTIVE && p.start < TODAY - 120 && rng.chance(0.12)) {
      day = TODAY - rng.int(1, 60);
    }
    if (day === null) continue;
    const text = article(rng, p.responsibilities[0] ?? '完成组织交办的各项工作');
    out.articles.push({
      id: out.articles.length + 1,
      created_at: stamp(day, '20:00'),
      updated_at: stamp(day, '20:00'),
      posting_id: p.id,
      title: text.title,
      body: text.body,
      published_in: rng.pick(VENUES),
    });
  }
}

export function buildDebriefs(rng: Rng, postings: readonly SeedPosting[]): Debriefs {
  const out: Debriefs = { debriefs: [], links: [], articles: [] };
  seminars(rng, postings, out);
  articles(rng, postings, out);
  return out;
}
