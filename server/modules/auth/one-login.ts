import { GraphQLError, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../../common/errors';

/**
 * One `login` per request: aliases (`a: login … b: login …`) would try many passwords in one
 * request, past any per-request budget. Counted on the operation's root fields, fragments
 * included; a batch of operations is refused by Apollo itself (batching is off).
 */
export function expectSingleLogin(info: GraphQLResolveInfo): void {
  if (rootFieldCount(info.operation.selectionSet, info, 'login') > 1) {
    throw new GraphQLError('Send one login per request (no aliases, no batches)', {
      extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
    });
  }
}

function rootFieldCount(set: SelectionSetNode, info: GraphQLResolveInfo, name: string): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) count += selection.name.value === name ? 1 : 0;
    else if (selection.kind === Kind.INLINE_FRAGMENT)
      count += rootFieldCount(selection.selectionSet, info, name);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) count += rootFieldCount(fragment.selectionSet, info, name);
    }
  }
  return count;
}
