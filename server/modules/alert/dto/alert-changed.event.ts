import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LiveEventType } from '../../live/live-event.type';
import { Alert, AlertKind } from '../alert.entity';

/** What happened to an alert (the `change` of topic `alert`, alert/sql/refresh-alerts.sql). */
export enum AlertChange {
  RAISED = 'RAISED',
  CLEARED = 'CLEARED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ASSIGNED = 'ASSIGNED',
  UPDATED = 'UPDATED',
}
registerEnumType(AlertChange, {
  name: 'AlertChange',
  description: 'What happened to an alert (预警变动).',
  valuesConfig: {
    RAISED: { description: 'Its condition began to hold (预警产生).' },
    CLEARED: { description: 'Its condition holds no longer (预警解除).' },
    ACKNOWLEDGED: { description: 'Someone acknowledged it (已阅知).' },
    ASSIGNED: { description: 'It was given to someone to follow up (已指派).' },
    UPDATED: { description: 'Still open, with another measured fact (detail).' },
  },
});

@InputType({ description: 'Which alert changes to receive; every given field must match.' })
export class AlertChangeFilter {
  @Field(() => [AlertKind], { nullable: true, description: 'Any of these kinds (预警类型).' })
  kinds?: AlertKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Of postings sent or received by any of these units (派出或接收单位).',
  })
  unitIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Of any of these postings (挂职).' })
  postingIds?: string[] | null;
}

@ObjectType({
  implements: LiveEventType,
  description: 'An alert (预警) was raised, cleared, acknowledged, assigned or updated.',
})
export class AlertChangedEvent extends LiveEventType {
  @Field(() => AlertChange, { description: 'What happened.' })
  change!: AlertChange;

  @Field(() => Alert, {
    description: 'The alert as it is now, read as the subscriber may read it.',
  })
  alert!: Alert;
}
