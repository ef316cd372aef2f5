import { defineModule } from '../../common/module';
import { Cadre } from './cadre.entity';
import { CadreMutationResolver } from './cadre-mutation.resolver';
import { cadrePolicy } from './cadre.policy';
import { CadreResolver } from './cadre.resolver';

declare module '../../common/module' {
  interface NodeTypes {
    Cadre: Cadre;
  }
}

/** Cadres (干部): profiles, personal data and contact details. */
export const cadreModule = defineModule({
  name: 'cadre',
  entities: [Cadre],
  resolvers: [CadreResolver, CadreMutationResolver],
  nodes: {
    Cadre: { entity: Cadre, alias: 'cadre', scope: cadrePolicy.read },
  },
});
