import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { Allow } from '../../common/permission';
import { AFTER_EVENT_ID } from '../live/live-event.type';
import type { Delivered } from '../live/live-stream';
import { alertLiveService, type AlertChangeOf } from './alert-live.service';
import { alertPolicy } from './alert.policy';
import { AlertChangedEvent, AlertChangeFilter } from './dto/alert-changed.event';

@Resolver()
export class AlertSubscriptionResolver {
  @Allow(alertPolicy.may.watch)
  @Subscription(() => AlertChangedEvent, {
    description:
      'Alerts (预警推送) raised, cleared, acknowledged, assigned or updated, over WebSocket (graphql-ws) only; each delivered only if you may read the alert.',
    subscribe: ({ args, context }) =>
      alertLiveService.changed(
        context as Context,
        args.filter as AlertChangeFilter | null,
        args.afterEventId,
      ),
  })
  alertChanged(
    @Root() event: Delivered<AlertChangeOf>,
    @Arg('filter', () => AlertChangeFilter, {
      nullable: true,
      description: 'Which changes; all those you may read when omitted.',
    })
    _filter?: AlertChangeFilter,
    @Arg('afterEventId', () => ID, AFTER_EVENT_ID) _afterEventId?: string,
  ): AlertChangedEvent {
    return { eventId: event.eventId, change: event.value.change, alert: event.value.alert };
  }
}
