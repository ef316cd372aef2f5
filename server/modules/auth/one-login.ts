import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { codedError, ErrorCode } from '../../common/errors';

/**
 * One `login` per request: aliases (`a: login … b: login …`) would try many passwords in one
 * request, past any per-request budget. Counted on the operation's root fields, fragments
 * included; a batch of operations is refused by Apollo itself (batching is off). A plugin, listed
 * before the query cost, so that such a request is told what is wrong with it (400
 * BAD_USER_INPUT) rather than to sign in (the anonymous budget's 401), and no password is tried.
 */
export function singleLoginPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: ({ operation, document }) => {
          if (
            operation &&
            rootFieldCount(operation.selectionSet, fragmentsOf(document), 'login') > 1
          ) {
            throw codedError(
              {
                en: 'Send one login per request (no aliases, no batches)',
                zh: '每个请求只能包含一次登录（不得使用别名或批量请求）',
              },
              { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            );
          }
          return Promise.resolve();
        },
      }),
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  return fragments;
}

function rootFieldCount(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  name: string,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === name ? 1 : 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      count += rootFieldCount(selection.selectionSet, fragments, name, seen);
    else {
      const fragment = fragments.get(selection.name.value);
      // A fragment spread twice counts twice; a cycle (refused by validation already) stops.
      if (fragment && !seen.has(fragment.name.value)) {
        count += rootFieldCount(
          fragment.selectionSet,
          fragments,
          name,
          new Set([...seen, fragment.name.value]),
        );
      }
    }
  }
  return count;
}
