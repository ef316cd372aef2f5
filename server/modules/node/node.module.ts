import { defineModule } from '../../common/module';
import { NodeResolver } from './node.resolver';

/** Relay `node(id:)` and `nodes(ids:)` over every module’s node types. */
export const nodeModule = defineModule({
  name: 'node',
  resolvers: [NodeResolver],
});
