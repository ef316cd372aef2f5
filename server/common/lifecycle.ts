import type { AuditActionOn, NodeTypeName, NodeTypes } from './module';
import type { StateMachine } from './state-machine';

/**
 * A node type's lifecycle: a state machine whose events are the audit actions that change such a
 * record, where a record's state is read from, and how a refused step reads to the client. The
 * write kernel checks every change of the record against it, so no mutation can move a record
 * along a path the table does not show. Each module declares its own in its manifest.
 */
export interface Lifecycle<
  K extends NodeTypeName,
  S extends string,
  E extends AuditActionOn<K> = AuditActionOn<K>,
> {
  readonly type: K;
  readonly machine: StateMachine<S, E>;
  stateOf(record: NodeTypes[K]): S;
  /** Puts the record in `state`; absent where the change sets what the state is read from. */
  enter?(record: NodeTypes[K], state: S): void;
  /** Refuses `event` in `state` with the code and message clients know for that refusal. */
  refuse(record: NodeTypes[K], event: E, state: S): never;
}

/** Keeps the lifecycle's exact types (states and events) while checking it against its node type. */
export function defineLifecycle<
  K extends NodeTypeName,
  S extends string,
  E extends AuditActionOn<K>,
>(lifecycle: Lifecycle<K, S, E>): Lifecycle<K, S, E> {
  return lifecycle;
}

/** For records whose state is their `status` column: spread into `defineLifecycle`. */
export const statusColumn = {
  stateOf: <S extends string>(record: { status: S }): S => record.status,
  enter: <S extends string>(record: { status: S }, status: S): void => {
    record.status = status;
  },
};

/** What a walk over every lifecycle (and the kernel) needs of a machine, whatever its types. */
export type LifecycleMachine = Pick<
  StateMachine<string, string>,
  | 'states'
  | 'initial'
  | 'events'
  | 'handles'
  | 'next'
  | 'eventsFrom'
  | 'finalStates'
  | 'reachableFrom'
>;

/** Any lifecycle, as the registry and the write kernel hold it. */
export interface RecordLifecycle {
  readonly type: NodeTypeName;
  readonly machine: LifecycleMachine;
  stateOf(record: object): string;
  enter?(record: object, state: string): void;
  refuse(record: object, event: string, state: string): never;
}
