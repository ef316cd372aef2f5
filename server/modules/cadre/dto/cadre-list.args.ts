import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import {
  orderInputType,
  pinyinOrder,
  type OrderExpression,
  type OrderInput,
} from '../../../common/list';
import { connectionType, PageArgs } from '../../../common/pagination';
import { CadreRank, CadreStatus, Education, Gender } from '../cadre.entity';
import { Cadre } from '../cadre.entity';

export enum CadreOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CadreOrderField, {
  name: 'CadreOrderField',
  description: 'Fields cadres can be sorted by.',
  valuesConfig: {
    NAME: { description: 'By name in pinyin order (拼音), then by ID.' },
    CREATED_AT: { description: 'By creation time, then by ID.' },
  },
});
export const CADRE_ORDER_COLUMNS: Record<CadreOrderField, string | OrderExpression> = {
  NAME: pinyinOrder('name'),
  CREATED_AT: 'created_at',
};
export const CadreOrder = orderInputType<CadreOrderField>('Cadre', CadreOrderField);

@InputType({ description: 'Conditions cadres must all meet.' })
export class CadreFilter {
  @Field(() => [ID], { nullable: true, description: 'Home unit is any of these.' })
  homeUnitIds?: string[];

  @Field(() => [CadreRank], { nullable: true, description: 'Any of these ranks.' })
  rank?: CadreRank[];

  @Field(() => [Education], { nullable: true, description: 'Any of these education levels.' })
  education?: Education[];

  @Field(() => Gender, { nullable: true, description: 'Gender.' })
  gender?: Gender;

  @Field({ nullable: true, description: 'Leadership-team members (班子成员) or not.' })
  isLeadership?: boolean;

  @Field({ nullable: true, description: 'Reserve cadres (后备干部) or not.' })
  isReserve?: boolean;

  @Field({ nullable: true, description: 'Training-class trainees or not.' })
  isTrainee?: boolean;

  @Field({ nullable: true, description: 'Recruited graduates or not.' })
  isRecruitedGraduate?: boolean;

  @Field(() => String, { nullable: true, description: 'Name contains this text.' })
  nameContains?: string;

  @Field(() => [CadreStatus], {
    nullable: true,
    description: 'Any of these statuses (在职, 退休, 调出).',
  })
  status?: CadreStatus[];
}

@ArgsType()
export class CadreListArgs extends PageArgs {
  @Field(() => CadreFilter, {
    nullable: true,
    description: 'Only cadres meeting these conditions.',
  })
  filter?: CadreFilter;

  @Field(() => CadreOrder, { nullable: true, description: 'Sort order; default name ascending.' })
  orderBy?: OrderInput<CadreOrderField>;
}

export const CadreConnection = connectionType(Cadre, 'Cadre', 'A page of cadres (干部).');
