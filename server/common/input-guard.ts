import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, Kind, visit } from 'graphql';
import { codedError, ErrorCode } from './errors';
import { hasUnstorableCharacter, UNSTORABLE_MESSAGE } from './validation';

/**
 * Where the first unstorable string of the variables is (`$input.topic`, `$ids[2]`), or null.
 * Iterative: a request body may nest arrays far deeper than the call stack goes.
 */
function unstorableVariable(variables: unknown): string | null {
  const pending: [unknown, string][] = [[variables, '$']];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value === 'string') {
      if (hasUnstorableCharacter(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        pending.push([item, path === '$' ? `$${key}` : `${path}.${key}`]);
    }
  }
  return null;
}

/** Per parsed document (Apollo keeps one per text): a dashboard's document is walked once. */
const literalVerdicts = new WeakMap<DocumentNode, boolean>();

/** Whether a string written in the document itself (an argument, a default value) is unstorable. */
function unstorableLiteral(document: DocumentNode): boolean {
  let found = literalVerdicts.get(document);
  if (found === undefined) literalVerdicts.set(document, (found = walkLiterals(document)));
  return found;
}

function walkLiterals(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (hasUnstorableCharacter(node.value)) found = true;
    },
  });
  return found;
}

/**
 * Every string input of every operation, `login` and filters included, is refused here when it
 * holds U+0000 or a lone surrogate (PostgreSQL stores neither, PITFALLS): one check for the whole
 * schema, before any resolver runs, so no DTO can forget it. HTTP 400, BAD_USER_INPUT.
 */
export function inputGuard<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const where =
            unstorableVariable(request.variables ?? null) ??
            (unstorableLiteral(document) ? 'A string of the document' : null);
          if (where === null) return;
          throw codedError(
            { en: `${where} ${UNSTORABLE_MESSAGE.en}`, zh: `${where} ${UNSTORABLE_MESSAGE.zh}` },
            { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          );
        },
      };
    },
  };
}
