import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { Node, Record } from '../../common/node';
import { Posting } from '../posting/posting.entity';

export enum PublicationVenue {
  BRIEFING = 'BRIEFING',
  BULLETIN = 'BULLETIN',
  WEB = 'WEB',
}
registerEnumType(PublicationVenue, {
  name: 'PublicationVenue',
  description: 'Where an experience article was published.',
  valuesConfig: {
    BRIEFING: { description: '简报' },
    BULLETIN: { description: '通报/刊物' },
    WEB: { description: '网站' },
  },
});

@ObjectType({
  implements: Node,
  description: 'An experience article by a cadre about a posting (心得体会).',
})
@Entity()
export class ExperienceArticle extends Record {
  @Index()
  @Column({ type: 'int' })
  postingId!: number;

  @ManyToOne(() => Posting)
  @JoinColumn()
  posting?: Relation<Posting>;

  @Field({ description: 'Title (标题).' })
  @Column({ type: 'text' })
  title!: string;

  @Field({ description: 'Full text (正文).' })
  @Column({ type: 'text' })
  body!: string;

  @Field(() => [PublicationVenue], { description: 'Where it has been published (刊发渠道).' })
  @Column({ type: 'text', enum: PublicationVenue, array: true, default: () => "'{}'" })
  publishedIn!: PublicationVenue[];
}
