import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { Debrief } from '../debrief.entity';
import { ExperienceArticle } from '../experience-article.entity';

export enum DebriefOrderField {
  DATE = 'DATE',
}
registerEnumType(DebriefOrderField, {
  name: 'DebriefOrderField',
  description: 'Fields debriefs can be sorted by.',
});
export const DebriefOrder = orderInputType<DebriefOrderField>('Debrief', DebriefOrderField);

@ArgsType()
export class DebriefListArgs extends PageArgs {
  @Field(() => DebriefOrder, { nullable: true, description: 'Sort order; default date ascending.' })
  orderBy?: OrderInput<DebriefOrderField>;
}

export enum ExperienceArticleOrderField {
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ExperienceArticleOrderField, {
  name: 'ExperienceArticleOrderField',
  description: 'Fields experience articles can be sorted by.',
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
