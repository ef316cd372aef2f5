import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { alertPolicy } from './alert.policy';
import { related } from '../../common/relations';
import { Posting } from '../posting/posting.entity';
import { alertDetail } from './alert-detail';
import { Alert } from './alert.entity';
import { alertService } from './alert.service';
import { AlertConnection, AlertListArgs } from './dto/alert-list.args';

@Resolver(() => Alert)
export class AlertResolver {
  @Allow(alertPolicy.may.list)
  @Query(() => AlertConnection, {
    description: 'Postings needing attention today (预警), newest first.',
  })
  async alerts(@Args() args: AlertListArgs, @Ctx() ctx: Context) {
    return new AlertConnection(await alertService.list(ctx, args));
  }

  @FieldResolver(() => String, { description: 'The measured fact behind the alert.' })
  detail(@Root() alert: Alert, @Ctx() ctx: Context): string {
    return alertDetail(alert, ctx.locale);
  }

  @FieldResolver(() => Posting, { nullable: true, description: 'The posting the alert is about.' })
  posting(@Root() alert: Alert, @Ctx() ctx: Context) {
    return related(ctx.loaders.Posting, alert.postingId, 'Posting');
  }
}

@Resolver(() => Posting)
export class PostingAlertResolver {
  @FieldResolver(() => AlertConnection, { description: 'Alerts standing for this posting (预警).' })
  async alerts(@Root() posting: Posting, @Args() args: AlertListArgs, @Ctx() ctx: Context) {
    return new AlertConnection(await alertService.list(ctx, args, posting.id));
  }
}
