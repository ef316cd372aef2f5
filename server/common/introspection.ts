import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, Kind, visit } from 'graphql';
import type { Config } from '../config';
import type { Context } from '../context';
import { unauthenticated } from './errors';

function asksForSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
    [Kind.FRAGMENT_DEFINITION]: { enter: () => undefined },
  });
  return found;
}

/** Anonymous callers may not introspect unless configured to (GraphiQL works once signed in). */
export function introspectionGuard(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (!config.anonymousIntrospection && !contextValue.viewer && asksForSchema(document)) {
            // Thrown from a plugin hook: without a status Apollo would answer HTTP 500.
            const error = unauthenticated({
              en: 'Sign in to explore the schema',
              zh: '请先登录再查看接口结构（schema）',
            });
            error.extensions.http = { status: 401 };
            throw error;
          }
        },
      };
    },
  };
}
