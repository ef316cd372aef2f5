import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { LocalDate } from '../../common/scalars';
import { Posting } from '../posting/posting.entity';
import { postingService } from '../posting/posting.service';
import { CareerEvent } from './career-event.entity';
import { careerService } from './career.service';

export enum TimelineEntryKind {
  CAREER_EVENT = 'CAREER_EVENT',
  POSTING_STARTED = 'POSTING_STARTED',
  POSTING_ENDED = 'POSTING_ENDED',
}
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What a timeline entry records.',
  valuesConfig: {
    CAREER_EVENT: { description: 'An appointment, promotion, transfer or reserve listing (任免).' },
    POSTING_STARTED: { description: 'The cadre left for a posting (挂职开始).' },
    POSTING_ENDED: { description: 'The cadre returned, or the posting was terminated (挂职结束).' },
  },
});

@ObjectType({
  description: "One dated step of a cadre's path: career events and postings merged (成长轨迹).",
})
export class TimelineEntry {
  @Field(() => LocalDate, { description: 'When it happened.' })
  date!: string;

  @Field(() => TimelineEntryKind, { description: 'What it records.' })
  kind!: TimelineEntryKind;

  @Field(() => CareerEvent, {
    nullable: true,
    description: 'The career event, for CAREER_EVENT entries.',
  })
  careerEvent!: CareerEvent | null;

  @Field(() => Posting, { nullable: true, description: 'The posting, for POSTING_* entries.' })
  posting!: Posting | null;
}

/** How much history one timeline shows: far beyond any real career. */
const TIMELINE_LIMIT = 100;

/**
 * The order of one day's entries: a return first (a cadre is back before anything else happens to
 * them), then career events in the order they were recorded, then departures for a posting. A
 * posting that ends on the day it began (terminated on its first day) ends after it starts, last.
 */
const ORDER: Record<TimelineEntryKind, number> = {
  POSTING_ENDED: 0,
  CAREER_EVENT: 1,
  POSTING_STARTED: 2,
};
const SAME_DAY_END = 3;

const rankOf = (entry: TimelineEntry): number =>
  entry.kind === TimelineEntryKind.POSTING_ENDED && entry.posting?.startDate === entry.date
    ? SAME_DAY_END
    : ORDER[entry.kind];

/**
 * A cadre's career events and postings the viewer may read, in date order and, within a day, in
 * the order they happened (see ORDER). Both lists come through the request's batched loaders;
 * career events arrive in date and recording order, which the stable sort keeps.
 */
export async function timeline(ctx: Context, cadreId: number): Promise<TimelineEntry[]> {
  const [events, postings] = await Promise.all([
    careerService.list(ctx, { first: TIMELINE_LIMIT }, cadreId),
    postingService.list(ctx, { first: TIMELINE_LIMIT }, { column: 'cadre_id', id: cadreId }),
  ]);
  const entries: TimelineEntry[] = events.edges.map(({ node }) => ({
    date: node.date,
    kind: TimelineEntryKind.CAREER_EVENT,
    careerEvent: node,
    posting: null,
  }));
  for (const { node } of postings.edges) {
    entries.push({
      date: node.startDate,
      kind: TimelineEntryKind.POSTING_STARTED,
      careerEvent: null,
      posting: node,
    });
    if (node.actualEndDate) {
      entries.push({
        date: node.actualEndDate,
        kind: TimelineEntryKind.POSTING_ENDED,
        careerEvent: null,
        posting: node,
      });
    }
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || rankOf(a) - rankOf(b));
}
