import { Field, ObjectType } from 'type-graphql';
import { LiveEventType } from '../../live/live-event.type';
import { Posting } from '../posting.entity';

@ObjectType({
  implements: LiveEventType,
  description:
    'A posting (挂职) was created or changed (状态、三定、日期…): the posting as it is now.',
})
export class PostingChangedEvent extends LiveEventType {
  @Field(() => Posting, {
    description: 'The posting after the change, read as the subscriber may read it.',
  })
  posting!: Posting;
}
