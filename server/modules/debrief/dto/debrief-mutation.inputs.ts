import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { LocalDate } from '../../../common/scalars';
import { NotBlank } from '../../../common/validation';
import { Debrief } from '../debrief.entity';
import { ExperienceArticle, PublicationVenue } from '../experience-article.entity';

@InputType({ description: 'A seminar for cadres back from their postings (研讨交流/座谈会).' })
export class ScheduleDebriefInput {
  @Field({ description: 'Title (主题).' })
  @Length(1, 200)
  @NotBlank()
  title!: string;

  @Field(() => LocalDate, { description: 'Date of the seminar.' })
  date!: string;

  @Field(() => [ID], { description: 'The COMPLETED postings whose cadres attend.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  postingIds!: string[];
}

@InputType({ description: 'What a debrief produced.' })
export class RecordDebriefOutcomeInput {
  @Field(() => ID, { description: 'The debrief.' })
  debriefId!: string;

  @Field({ description: 'Summary of the discussion (交流情况).' })
  @MaxLength(20000)
  summary!: string;

  @Field({ defaultValue: '', description: 'Problems found (发现的问题).' })
  @MaxLength(20000)
  problemsFound!: string;

  @Field({ defaultValue: '', description: 'Suggestions made (意见建议).' })
  @MaxLength(20000)
  suggestions!: string;
}

@InputType({ description: 'An experience article by a cadre about their own posting (心得体会).' })
export class SubmitExperienceArticleInput {
  @Field(() => ID, {
    description:
      'The posting written about: the author’s own, or any posting for the org department writing on its cadre’s behalf.',
  })
  postingId!: string;

  @Field({ description: 'Title (标题).' })
  @Length(1, 200)
  @NotBlank()
  title!: string;

  @Field({ description: 'Full text (正文).' })
  @Length(1, 50000)
  @NotBlank()
  body!: string;
}

@InputType({ description: 'Where an article has been published (刊发).' })
export class MarkArticlePublishedInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;

  @Field(() => [PublicationVenue], {
    description: 'Every venue it has appeared in; replaces the list.',
  })
  @IsOptional()
  @ArrayMaxSize(3)
  venues!: PublicationVenue[];
}

export const DebriefPayload = payloadType(Debrief, 'debrief', 'Debrief');
export const ExperienceArticlePayload = payloadType(
  ExperienceArticle,
  'experienceArticle',
  'ExperienceArticle',
);
