import { PostingStatus } from '../modules/posting/posting-type';
import { type Day, iso, stamp, TODAY } from './dates';
import type { MentorSessionRow, MentorshipRow } from './model';
import type { SeedPosting } from './postings';
import type { Rng } from './random';
import { SESSION_TOPICS, sessionNotes } from './texts';

export interface Mentoring {
  mentorships: MentorshipRow[];
  sessions: MentorSessionRow[];
}

/** Postings that actually ran: PLANNED ones and those cancelled before starting have no records. */
export function started(p: SeedPosting): boolean {
  return p.status !== PostingStatus.PLANNED && !p.neverStarted;
}

class MentoringBuilder implements Mentoring {
  readonly mentorships: MentorshipRow[] = [];
  readonly sessions: MentorSessionRow[] = [];

  constructor(private readonly rng: Rng) {}

  mentorship(p: SeedPosting, mentorId: number, from: Day, to: Day | null): void {
    const row: MentorshipRow = {
      id: this.mentorships.length + 1,
      created_at: stamp(from, '10:00'),
      updated_at: stamp(to ?? from, to === null ? '10:00' : '17:00'),
      posting_id: p.id,
      mentor_id: mentorId,
      start_date: iso(from),
      end_date: to === null ? null : iso(to),
    };
    this.mentorships.push(row);
    if (p.showcase || this.rng.chance(0.88)) this.meetings(row.id, from, to ?? TODAY - 1);
  }

  /** 一帮一 talks: the first to get acquainted, then every one to two months. */
  private meetings(mentorshipId: number, from: Day, to: Day): void {
    const rng = this.rng;
    for (let d = from + rng.int(5, 20), i = 0; d <= to; d += rng.int(30, 70), i++) {
      const topic = i === 0 ? SESSION_TOPICS[0] : rng.pick(SESSION_TOPICS);
      this.sessions.push({
        id: this.sessions.length + 1,
        created_at: stamp(d, '16:00'),
        updated_at: stamp(d, '16:00'),
        mentorship_id: mentorshipId,
        date: iso(d),
        topic,
        notes: sessionNotes(rng, topic),
      });
    }
  }
}

/** Mentors are assigned within 25 days of arrival; some were replaced half-way. */
function assign(b: MentoringBuilder, rng: Rng, p: SeedPosting, mentorId: number, last: Day): void {
  const from = p.start + rng.int(1, Math.max(1, Math.min(25, last - p.start)));
  const others = p.receiving.leaders.filter((id) => id !== mentorId);
  const room = last - from - 30;
  if (others.length > 0 && room >= 90 && rng.chance(0.12)) {
    const handover = from + rng.int(45, room);
    b.mentorship(p, rng.pick(others), from, handover);
    b.mentorship(p, mentorId, handover, p.end);
  } else {
    b.mentorship(p, mentorId, from, p.end);
  }
}

export function buildMentorships(rng: Rng, postings: readonly SeedPosting[]): Mentoring {
  const b = new MentoringBuilder(rng);
  for (const p of postings) {
    if (!started(p)) continue;
    if (p.status === PostingStatus.ACTIVE) {
      // The current mentor was reserved when the receiving unit was chosen (≤ 3 mentees each).
      if (p.mentorId !== null) assign(b, rng, p, p.mentorId, TODAY - 1);
    } else if (rng.chance(0.9)) {
      assign(b, rng, p, rng.pick(p.receiving.leaders), p.end!);
    }
  }
  return b;
}
