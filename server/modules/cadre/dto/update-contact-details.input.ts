import { IsOptional, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { Cadre } from '../cadre.entity';

@InputType({ description: 'The viewer’s own contact details (联系方式).' })
export class UpdateMyContactDetailsInput {
  @Field(() => String, {
    nullable: true,
    description: 'Mobile or landline number; null removes it.',
  })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 -]{6,19}$/, { message: 'phone must be a telephone number' })
  phone?: string | null;
}

export const CadrePayload = payloadType(Cadre, 'cadre', 'Cadre');
