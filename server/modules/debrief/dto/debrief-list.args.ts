import { ArgsType, Field, InputType, registerEnumType } from 'type-graphql';
import { DateRange, orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { Debrief } from '../debrief.entity';
import { ExperienceArticle } from '../experience-article.entity';

export enum DebriefOrderField {
  DATE = 'DATE',
}
registerEnumType(DebriefOrderField, {
  name: 'DebriefOrderField',
  description: 'Fields debriefs can be sorted by.',
  valuesConfig: { DATE: { description: 'By date, then by ID.' } },
});
export const DebriefOrder = orderInputType<DebriefOrderField>('Debrief', DebriefOrderField);

@InputType({ description: 'Conditions debriefs must all meet.' })
export class DebriefFilter {
  @Field(() => DateRange, { nullable: true, description: 'Held within this range of dates.' })
  date?: DateRange;
}

@ArgsType()
export class DebriefListArgs extends PageArgs {
  @Field(() => DebriefFilter, {
    nullable: true,
    description: 'Only debriefs meeting these conditions.',
  })
  filter?: DebriefFilter;

  @Field(() => DebriefOrder, { nullable: true, description: 'Sort order; default date ascending.' })
  orderBy?: OrderInput<DebriefOrderField>;
}

export enum ExperienceArticleOrderField {
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ExperienceArticleOrderField, {
  name: 'ExperienceArticleOrderField',
  description: 'Fields experience articles can be sorted by.',
  valuesConfig: { CREATED_AT: { description: 'By creation time, then by ID.' } },
});
export const ExperienceArticleOrder = orderInputType<ExperienceArticleOrderField>(
  'ExperienceArticle',
  ExperienceArticleOrderField,
);

@ArgsType()
export class ExperienceArticleListArgs extends PageArgs {
  @Field(() => ExperienceArticleOrder, {
    nullable: true,
    description: 'Sort order; default creation time ascending.',
  })
  orderBy?: OrderInput<ExperienceArticleOrderField>;
}

export const DebriefConnection = connectionType(
  Debrief,
  'Debrief',
  'A page of debriefs (研讨交流).',
);

export const ExperienceArticleConnection = connectionType(
  ExperienceArticle,
  'ExperienceArticle',
  'A page of experience articles (心得体会).',
);
