/**
 * One step of a lifecycle: the states it may start from and the state it leads to; without `to`
 * the record stays where it is (an edit allowed only in those states).
 */
export interface Transition<S extends string> {
  readonly from: readonly S[];
  readonly to?: S;
}

/** Every event of a lifecycle with its transition: the table a reader checks the rules against. */
export type TransitionTable<S extends string, E extends string> = {
  readonly [K in E]: Transition<S>;
};

/**
 * A finite state machine declared as a transition table (in the spirit of Vendure's `FSM`): it
 * answers where an event leads and can be walked, so that a test can check every lifecycle
 * without knowing it. It knows nothing of records or refusals; `Lifecycle` binds it to a node type.
 */
export class StateMachine<S extends string, E extends string> {
  readonly events: readonly E[];

  constructor(
    readonly states: readonly S[],
    /** Where a new record starts. */
    readonly initial: S,
    readonly transitions: TransitionTable<S, E>,
  ) {
    this.events = Object.keys(transitions) as E[];
    const known = new Set<string>(states);
    const named = [initial, ...this.events.flatMap((e) => this.targets(e))];
    const unknown = named.filter((s) => !known.has(s));
    if (unknown.length > 0) throw new Error(`Unknown states in a transition table: ${unknown}`);
  }

  /** Whether `event` is one of this machine's. */
  handles(event: string): event is E {
    return Object.prototype.hasOwnProperty.call(this.transitions, event);
  }

  /** The state `event` leads to from `state`, or null when the table does not allow it there. */
  next(state: S, event: E): S | null {
    const transition = this.transitions[event];
    return transition.from.includes(state) ? (transition.to ?? state) : null;
  }

  /** The events allowed in `state`. */
  eventsFrom(state: S): E[] {
    return this.events.filter((e) => this.next(state, e) !== null);
  }

  /** The states with no way out to another state: where the lifecycle ends. */
  get finalStates(): S[] {
    return this.states.filter((s) => this.eventsFrom(s).every((e) => this.next(s, e) === s));
  }

  /** Every state reachable from `state` by some run of events, `state` included. */
  reachableFrom(state: S): Set<S> {
    const seen = new Set<S>([state]);
    const queue = [state];
    for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
      for (const event of this.eventsFrom(current)) {
        const next = this.next(current, event)!;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }

  private targets(event: E): S[] {
    const { from, to } = this.transitions[event];
    return to === undefined ? [...from] : [...from, to];
  }
}
