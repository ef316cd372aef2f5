import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { AFTER_EVENT_ID } from '../live/live-event.type';
import type { Delivered } from '../live/live-stream';
import { PostingChangedEvent } from './dto/posting-changed.event';
import type { Posting } from './posting.entity';
import { postingLiveService } from './posting-live.service';
import { postingPolicy } from './posting.policy';

@Resolver()
export class PostingSubscriptionResolver {
  @Allow(postingPolicy.may.watch)
  @Subscription(() => PostingChangedEvent, {
    description:
      'Changes of one posting (挂职变动推送), over WebSocket (graphql-ws) only: one event per committed change, from any server instance. NOT_FOUND for a posting you may not read.',
    subscribe: ({ args, context }) =>
      postingLiveService.changed(context as Context, args.id as string, args.afterEventId),
  })
  postingChanged(
    @Root() event: Delivered<Posting>,
    @Arg('id', () => ID, { description: 'The posting (global ID).' }) _id: string,
    @Arg('afterEventId', () => ID, AFTER_EVENT_ID) _afterEventId?: string,
  ): PostingChangedEvent {
    return { eventId: event.eventId, posting: event.value };
  }
}
