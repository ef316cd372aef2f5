import { defineLifecycle, statusColumn } from '../../common/lifecycle';
import { refuse } from '../../common/mutation';
import { StateMachine } from '../../common/state-machine';
import { CadreStatus } from './cadre.entity';
import { CadreErrorCode } from './cadre.errors';
import { labelOf } from '../../common/labels';
import { CADRE_STATUS_LABELS } from './cadre.labels';

const { ACTIVE, RETIRED, TRANSFERRED_OUT } = CadreStatus;
const EVERY = [ACTIVE, RETIRED, TRANSFERRED_OUT];

/**
 * A cadre's service (issue #8): ACTIVE until they retire or transfer out, once. A departed cadre's
 * record stays correctable (profile, own contact details), but nothing new happens in their
 * career here: no team place and no career event; postings and nominations check the status.
 */
export const cadreMachine = new StateMachine(Object.values(CadreStatus), ACTIVE, {
  'cadre.update': { from: EVERY },
  'cadre.updateContactDetails': { from: EVERY },
  'cadre.setLeadership': { from: [ACTIVE] },
  'cadre.retire': { from: [ACTIVE], to: RETIRED },
  'cadre.transferOut': { from: [ACTIVE], to: TRANSFERRED_OUT },
  'cadre.appointed': { from: [ACTIVE] },
  'cadre.promoted': { from: [ACTIVE] },
  'cadre.transferred': { from: [ACTIVE] },
  'cadre.reserve_listed': { from: [ACTIVE] },
});

export const cadreLifecycle = defineLifecycle({
  type: 'Cadre',
  machine: cadreMachine,
  ...statusColumn,
  refuse: (cadre) =>
    refuse(
      CadreErrorCode.CADRE_DEPARTED,
      {
        en: `${cadre.name} is ${cadre.status} since ${cadre.departedOn}`,
        zh: `${cadre.name}自 ${cadre.departedOn} 起已${labelOf(CADRE_STATUS_LABELS, cadre.status)}`,
      },
      'cadreId',
    ),
});
