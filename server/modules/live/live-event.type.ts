import { Field, ID, InterfaceType } from 'type-graphql';

/** What every subscription event carries: its id, to resume from after a reconnection. */
@InterfaceType('LiveUpdate', {
  description: 'An event a subscription delivers (实时推送事件).',
})
export abstract class LiveEventType {
  @Field(() => ID, {
    description:
      'The event id (事件编号), increasing. Subscribing again with the last one seen as `afterEventId` delivers the events missed meanwhile (kept 24 h by default).',
  })
  eventId!: string;
}

/** The `afterEventId` argument every subscription takes. */
export const AFTER_EVENT_ID = {
  nullable: true,
  description:
    'Resume after this event id (事件编号, the last `eventId` received): first the kept events after it, then live ones. Omit to receive live events only.',
} as const;
