import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { auditPolicy } from './audit.policy';
import { related } from '../../common/relations';
import { User } from '../auth/user.entity';
import { AuditEntry } from './audit-entry.entity';
import { auditService } from './audit.service';
import { AuditEntryConnection, AuditEntryListArgs } from './dto/audit-list.args';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Allow(auditPolicy.may.list)
  @Query(() => AuditEntryConnection, {
    description: 'The audit trail (审计记录): every change, oldest first.',
  })
  async auditEntries(
    @Args() args: AuditEntryListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new AuditEntryConnection(
      await auditService.list(ctx, selecting(ctx, info, 'AuditEntry', args)),
    );
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change (操作人).' })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', entry.actorId);
  }
}
