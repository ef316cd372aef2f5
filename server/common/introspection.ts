import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type GraphQLError, Kind, visit } from 'graphql';
import type { Config } from '../config';
import type { Context } from '../context';
import { unauthenticated } from './errors';
import type { Viewer } from './viewer';

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

/**
 * Anonymous callers may not introspect unless configured to (GraphiQL works once signed in): the
 * refusal (UNAUTHENTICATED, HTTP 401), or null. HTTP and WebSocket operations ask alike.
 */
export function introspectionRefusal(
  config: Config,
  viewer: Viewer | null,
  document: DocumentNode,
): GraphQLError | null {
  if (config.anonymousIntrospection || viewer || !asksForSchema(document)) return null;
  const error = unauthenticated({
    en: 'Sign in to explore the schema',
    zh: '请先登录再查看接口结构（schema）',
  });
  // Thrown from a plugin hook: without a status Apollo would answer HTTP 500.
  error.extensions.http = { status: 401 };
  return error;
}

export function introspectionGuard(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          const refusal = introspectionRefusal(config, contextValue.viewer, document);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
