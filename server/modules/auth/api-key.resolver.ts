import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { apiKeyPolicy } from './api-key.policy';
import { related } from '../../common/relations';
import { Unit } from '../unit/unit.entity';
import { ApiKey } from './api-key.entity';
import { apiKeyService } from './api-key.service';
import {
  ApiKeyConnection,
  ApiKeyListArgs,
  ApiKeyPayload,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  RevokeApiKeyInput,
} from './dto/api-key.inputs';
import { User } from './user.entity';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Allow(apiKeyPolicy.may.list)
  @Query(() => ApiKeyConnection, { description: 'API keys of third-party systems (接口密钥).' })
  async apiKeys(
    @Args() args: ApiKeyListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new ApiKeyConnection(
      await apiKeyService.list(ctx, selecting(ctx, info, 'ApiKey', args)),
    );
  }

  @Allow(apiKeyPolicy.may.create)
  @Mutation(() => CreateApiKeyPayload, {
    description:
      'Creates an API key with a role (and a unit for UNIT_MANAGER); the key is shown once.',
  })
  async createApiKey(
    @Arg('input', { description: 'Name, role, unit and expiry.' }) input: CreateApiKeyInput,
    @Ctx() ctx: Context,
  ): Promise<CreateApiKeyPayload> {
    const { result, userErrors } = await apiKeyService.create(ctx, input);
    return { apiKey: result?.apiKey ?? null, secret: result?.secret ?? null, userErrors };
  }

  @Allow(apiKeyPolicy.may.revoke)
  @Mutation(() => ApiKeyPayload, {
    description: 'Revokes an API key; requests with it fail from now on.',
  })
  async revokeApiKey(
    @Arg('input', { description: 'The key.' }) input: RevokeApiKeyInput,
    @Ctx() ctx: Context,
  ) {
    return ApiKeyPayload.from(await apiKeyService.revoke(ctx, input));
  }

  @FieldResolver(() => Unit, { nullable: true, description: 'The unit of a UNIT_MANAGER key.' })
  unit(@Root() key: ApiKey, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Unit', key.unitId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who created the key.' })
  createdBy(@Root() key: ApiKey, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', key.createdById);
  }
}
