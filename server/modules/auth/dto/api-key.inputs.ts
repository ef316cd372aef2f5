import { Length } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { orderInputType, type OrderInput } from '../../../common/list';
import { payloadType } from '../../../common/mutation';
import { connectionType, PageArgs } from '../../../common/pagination';
import { UserError } from '../../../common/user-error';
import { NotBlank } from '../../../common/validation';
import { ApiKey } from '../api-key.entity';
import { Role } from '../../../common/role';

@InputType({ description: 'A new API key for a third-party system.' })
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. the system that will use it.' })
  @Length(1, 200)
  @NotBlank()
  name!: string;

  @Field(() => Role, { description: 'ORG_ADMIN, UNIT_MANAGER (with unitId) or ANALYST.' })
  role!: Role;

  @Field(() => ID, { nullable: true, description: 'The unit, for UNIT_MANAGER keys only.' })
  unitId?: string;

  @Field(() => Date, { nullable: true, description: 'When the key stops working; default never.' })
  expiresAt?: Date;

  @Field({
    defaultValue: false,
    description:
      'Hold the key to trusted documents (可信文档): only the manifest’s documents run with it (README "Trusted documents"). For a system built on the SDK with `trustedDocuments: true`. Default false.',
  })
  trustedDocumentsOnly?: boolean;
}

@InputType({ description: 'Revokes an API key at once.' })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: 'The key.' })
  apiKeyId!: string;
}

@ObjectType({ description: 'Result of `createApiKey`: the only time the key is shown.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key’s record; null when refused.' })
  apiKey!: ApiKey | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The key to send as `Authorization: Bearer <key>`. Store it now: it is never shown again.',
  })
  secret!: string | null;

  @Field(() => [UserError], { description: 'Why the mutation was refused; empty on success.' })
  userErrors!: UserError[];
}

export enum ApiKeyOrderField {
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ApiKeyOrderField, {
  name: 'ApiKeyOrderField',
  description: 'Fields API keys can be sorted by.',
  valuesConfig: { CREATED_AT: { description: 'By creation time, then by ID.' } },
});
export const ApiKeyOrder = orderInputType<ApiKeyOrderField>('ApiKey', ApiKeyOrderField);

@InputType({ description: 'Conditions API keys must all meet.' })
export class ApiKeyFilter {
  @Field({
    nullable: true,
    description: 'Usable keys only (true), or revoked and expired ones (false).',
  })
  isActive?: boolean;
}

@ArgsType()
export class ApiKeyListArgs extends PageArgs {
  @Field(() => ApiKeyFilter, { nullable: true, description: 'Only keys meeting these conditions.' })
  filter?: ApiKeyFilter;

  @Field(() => ApiKeyOrder, { nullable: true, description: 'Sort order; default oldest first.' })
  orderBy?: OrderInput<ApiKeyOrderField>;
}

export const ApiKeyConnection = connectionType(ApiKey, 'ApiKey', 'A page of API keys (接口密钥).');
export const ApiKeyPayload = payloadType(ApiKey, 'apiKey', 'ApiKey');
