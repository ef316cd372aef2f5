import { Field, InputType } from 'type-graphql';
import { payloadType } from '../../../common/mutation';
import { Cadre } from '../cadre.entity';
import { IsPhone } from '../phone';

@InputType({ description: 'The viewer’s own contact details (联系方式).' })
export class UpdateMyContactDetailsInput {
  @Field(() => String, {
    nullable: true,
    description: 'Mainland mobile, or landline with area code (010-12345678); null removes it.',
  })
  @IsPhone()
  phone?: string | null;
}

export const CadrePayload = payloadType(Cadre, 'cadre', 'Cadre');
