import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { related } from '../../common/relations';
import { User } from '../auth/user.entity';
import { AuditEntry } from './audit-entry.entity';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who made the change (操作人).' })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: Context) {
    return related(ctx.loaders.User, entry.actorId, 'User');
  }
}
