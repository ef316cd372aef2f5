import { actionsOn, defineModule } from '../../common/module';
import { CareerEvent } from './career-event.entity';
import { CareerMutationResolver } from './career-mutation.resolver';
import { careerPolicy } from './career.policy';
import { CareerResolver } from './career.resolver';
import { TimelineResolver } from './timeline.resolver';

/** What the audit trail records of careers: the event, and the cadre it moves. */
const careerActions = {
  ...actionsOn('CareerEvent', ['careerEvent.record']),
  ...actionsOn('Cadre', [
    'cadre.appointed',
    'cadre.promoted',
    'cadre.transferred',
    'cadre.reserve_listed',
  ]),
};

declare module '../../common/module' {
  interface NodeTypes {
    CareerEvent: CareerEvent;
  }
  interface AuditActionSets {
    career: typeof careerActions;
  }
}

/** Career events (任职经历) and the cadre timeline. */
export const careerModule = defineModule({
  name: 'career',
  entities: [CareerEvent],
  resolvers: [CareerResolver, CareerMutationResolver, TimelineResolver],
  nodes: {
    CareerEvent: {
      entity: CareerEvent,
      alias: 'career_event',
      scope: careerPolicy.read,
      references: { cadre: { type: 'Cadre', column: 'cadreId' } },
    },
  },
  sqlRules: ['sql/promotion-window.sql'],
  auditActions: careerActions,
});
