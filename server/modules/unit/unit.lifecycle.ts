import { defineLifecycle } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { UnitErrorCode } from './unit.errors';
import type { Unit } from './unit.entity';

/** Whether a unit still takes part in the programme; read from its archive date. */
export enum UnitState {
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

/**
 * A unit's lifecycle: edited while ACTIVE; archived once (撤销), after which it is history only.
 * There is no way back: a unit set up again is a new unit with a new code.
 */
export const unitMachine = new StateMachine(Object.values(UnitState), UnitState.ACTIVE, {
  'unit.update': { from: [UnitState.ACTIVE] },
  'unit.archive': { from: [UnitState.ACTIVE], to: UnitState.ARCHIVED },
});

export const unitStateOf = (unit: Pick<Unit, 'archivedOn'>): UnitState =>
  unit.archivedOn ? UnitState.ARCHIVED : UnitState.ACTIVE;

export const unitLifecycle = defineLifecycle({
  type: 'Unit',
  machine: unitMachine,
  // The state is the archive date, which `archive` sets itself: no `enter`.
  stateOf: unitStateOf,
  refuse: (unit) =>
    refuse(
      UnitErrorCode.UNIT_ARCHIVED,
      {
        en: `${unit.name} was archived on ${unit.archivedOn}`,
        zh: `${unit.name}已于 ${unit.archivedOn} 撤销归档`,
      },
      'unitId',
    ),
});
