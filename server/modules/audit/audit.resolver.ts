import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
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
  async auditEntries(@Args() args: AuditEntryListArgs, @Ctx() ctx: Context) {
    return new AuditEntryConnection(await auditService.list(ctx, args));
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change (操作人).' })
  actor(@Root() entry: AuditEntry, @Ctx() ctx: Context) {
    return related(ctx.loaders.User, entry.actorId, 'User');
  }
}
