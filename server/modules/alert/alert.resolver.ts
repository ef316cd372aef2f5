import { selecting } from '../../common/list';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import type { Context } from '../../context';
import { today } from '../../common/dates';
import { Allow } from '../../common/permission';
import { related } from '../../common/relations';
import { User } from '../auth/user.entity';
import { Posting } from '../posting/posting.entity';
import { alertDetail } from './alert-detail';
import { Alert } from './alert.entity';
import { alertPolicy } from './alert.policy';
import { alertService } from './alert.service';
import { AlertConnection, AlertListArgs } from './dto/alert-list.args';
import { AcknowledgeAlertInput, AlertPayload, AssignAlertInput } from './dto/alert-mutation.inputs';

@Resolver(() => Alert)
export class AlertResolver {
  @Allow(alertPolicy.may.list)
  @Query(() => AlertConnection, {
    description:
      'Alerts (预警) the viewer may read, newest first: those standing now by default, cleared ' +
      'ones with `filter.open`, those of a past day with `asOf`.',
  })
  async alerts(@Args() args: AlertListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return new AlertConnection(await alertService.list(ctx, selecting(ctx, info, 'Alert', args)));
  }

  @FieldResolver(() => String, { description: 'The measured fact behind the alert.' })
  detail(@Root() alert: Alert, @Ctx() ctx: Context): string {
    return alertDetail(alert, ctx.locale, today(ctx.now));
  }

  @FieldResolver(() => Posting, { nullable: true, description: 'The posting the alert is about.' })
  posting(@Root() alert: Alert, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'Posting', alert.postingId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who acknowledged the alert (阅知人), as far as the viewer may read accounts.',
  })
  acknowledgedBy(@Root() alert: Alert, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', alert.acknowledgedById);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who follows the alert up (承办人), as far as the viewer may read accounts.',
  })
  assignee(@Root() alert: Alert, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', alert.assigneeId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who assigned it (交办人), as far as the viewer may read accounts.',
  })
  assignedBy(@Root() alert: Alert, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return related(ctx, info, 'User', alert.assignedById);
  }

  @Allow(alertPolicy.may.followUp)
  @Mutation(() => AlertPayload, {
    description:
      'Acknowledges an open alert (阅知) with a note. ORG_ADMIN, or a manager of a unit the ' +
      'alert concerns (other managers: NOT_FOUND; other roles: FORBIDDEN). The first ' +
      'acknowledgement stands: its author may ' +
      'call again to change the note (acknowledgedBy and acknowledgedAt stay; not pushed), ' +
      'anyone else is refused with ALREADY_ACKNOWLEDGED. Audited; the first is pushed as ' +
      'ACKNOWLEDGED. A person acknowledges: an API key gets FORBIDDEN. userErrors: ' +
      'ALERT_CLEARED, ALREADY_ACKNOWLEDGED, STALE_VERSION.',
  })
  async acknowledgeAlert(
    @Arg('input', { description: 'The alert and the note.' }) input: AcknowledgeAlertInput,
    @Ctx() ctx: Context,
  ) {
    return AlertPayload.from(await alertService.acknowledge(ctx, input));
  }

  @Allow(alertPolicy.may.followUp)
  @Mutation(() => AlertPayload, {
    description:
      'Gives an open alert to a user to follow up (交办). ORG_ADMIN, or a manager of a unit the ' +
      'alert concerns (other managers: NOT_FOUND; other roles: FORBIDDEN). The assignee must be an account the viewer may read ' +
      '(a manager: themself); any other is ASSIGNEE_NOT_CONCERNED, exactly like a missing one. ' +
      'Audited; pushed as ASSIGNED. userErrors: ALERT_CLEARED, ASSIGNEE_NOT_CONCERNED, STALE_VERSION.',
  })
  async assignAlert(
    @Arg('input', { description: 'The alert and the assignee.' }) input: AssignAlertInput,
    @Ctx() ctx: Context,
  ) {
    return AlertPayload.from(await alertService.assign(ctx, input));
  }
}

@Resolver(() => Posting)
export class PostingAlertResolver {
  @FieldResolver(() => AlertConnection, {
    description: 'Alerts of this posting (预警): standing ones by default, as `alerts` filters.',
  })
  async alerts(
    @Root() posting: Posting,
    @Args() args: AlertListArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return new AlertConnection(
      await alertService.list(ctx, selecting(ctx, info, 'Alert', args), posting.id),
    );
  }
}
