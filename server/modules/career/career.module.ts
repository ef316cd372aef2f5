import { defineModule } from '../../common/module';
import { CareerEvent } from './career-event.entity';
import { CareerMutationResolver } from './career-mutation.resolver';
import { careerPolicy } from './career.policy';
import { CareerResolver } from './career.resolver';
import { TimelineResolver } from './timeline.resolver';

declare module '../../common/module' {
  interface NodeTypes {
    CareerEvent: CareerEvent;
  }
}

/** Career events (任职经历) and the cadre timeline. */
export const careerModule = defineModule({
  name: 'career',
  entities: [CareerEvent],
  resolvers: [CareerResolver, CareerMutationResolver, TimelineResolver],
  nodes: {
    CareerEvent: { entity: CareerEvent, alias: 'career_event', scope: careerPolicy.read },
  },
  sqlRules: ['sql/promotion-window.sql'],
});
