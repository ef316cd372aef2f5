import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import type { ReadReplicas } from './read-replicas';

/**
 * The one place that sends reads to a replica: a GraphQL query operation, once Apollo knows it is
 * one, reads from the replica `forQuery` picks (its services through `ctx.dataSource`, its loaders
 * rebuilt on it). Mutations — their payloads included — subscriptions, HTTP routes (exports,
 * imports) and sign-in stay on the primary: their context is never switched.
 */
export function readRouting(replicas: ReadReplicas): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== 'query') return;
          const source = await replicas.forQuery(contextValue.viewer);
          if (source !== contextValue.dataSource) contextValue.readFrom(source);
        },
      };
    },
  };
}
