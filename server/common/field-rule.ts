import { UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { requireViewer, type Context } from '../context';
import { forbidden } from './errors';
import type { Role } from './role';
import type { Text } from './text';
import type { Viewer } from './viewer';

/** One role's answer to "may the viewer read this field of `row`?" */
export type FieldAnswer<T> =
  boolean | ((viewer: Viewer, row: T, ctx: Context) => boolean | Promise<boolean>);

/**
 * A field-level read rule (personal data, evaluators' comments …): one answer per role, so a new
 * role does not compile until it is answered. Applied with `@FieldRule(rule)`.
 */
export interface FieldPolicy<T> {
  readonly byRole: Readonly<Record<Role, FieldAnswer<T>>>;
  /** The FORBIDDEN message at the field's path. */
  readonly message: Text;
  allows(viewer: Viewer, row: T, ctx: Context): Promise<boolean>;
}

export function fieldRule<T>(
  message: Text,
  byRole: Readonly<Record<Role, FieldAnswer<T>>>,
): FieldPolicy<T> {
  return {
    byRole,
    message,
    async allows(viewer, row, ctx) {
      const answer = Object.hasOwn(byRole, viewer.role) ? byRole[viewer.role] : false;
      return typeof answer === 'boolean' ? answer : answer(viewer, row, ctx);
    },
  };
}

const guards = new WeakSet<object>();

/** Whether a middleware is a `@FieldRule` guard (tests check that each guarded field is nullable). */
export function isFieldRuleGuard(middleware: unknown): boolean {
  return typeof middleware === 'function' && guards.has(middleware);
}

/**
 * Guards a nullable field: where the rule denies, the field resolves to null with a FORBIDDEN
 * error at its path (DESIGN §4) and the field's own resolver never runs.
 */
export function FieldRule<T extends object>(rule: FieldPolicy<T>): MethodDecorator {
  const guard: MiddlewareFn<Context> = async ({ root, context }, next) => {
    if (!(await rule.allows(requireViewer(context), root as T, context))) {
      throw forbidden(rule.message);
    }
    return next();
  };
  guards.add(guard);
  return UseMiddleware(guard);
}
