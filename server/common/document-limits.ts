import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/** Deepest field nesting of a selection; introspection (`__schema`, `__type`) does not count. */
function depthOf(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue; // unknown or cyclic: other rules report those
      deepest = Math.max(
        deepest,
        depthOf(fragment.selectionSet, fragments, new Set([...seen, name])),
      );
    }
  }
  return deepest;
}

/**
 * Refuses operations nested deeper than `max` fields: relation cycles (unit → cadres → homeUnit →
 * cadres …) would otherwise let one request fan out without bound.
 */
export function depthLimit(max: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > max) {
          context.reportError(
            new GraphQLError(`The operation is ${depth} fields deep; at most ${max} are allowed`, {
              nodes: [operation],
            }),
          );
        }
      },
    };
  };
}

/** Refuses operations with more than `max` aliases: each alias can repeat a whole query. */
export function aliasLimit(max: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases++;
      },
      Document: {
        leave(document) {
          if (aliases > max) {
            context.reportError(
              new GraphQLError(`The document has ${aliases} aliases; at most ${max} are allowed`, {
                nodes: [document],
              }),
            );
          }
        },
      },
    };
  };
}
