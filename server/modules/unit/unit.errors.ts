import { defineUserErrorCodes } from '../../common/user-error';

/** Why a unit (单位) mutation, or a unit row of an import, is refused. */
export const UnitErrorCode = defineUserErrorCodes({
  DUPLICATE_UNIT_CODE: 'Another unit already has this unit code (单位代码).',
  DUPLICATE_UNIT_NAME: 'An active unit of this name already exists under the same parent.',
  UNIT_HIERARCHY_CYCLE: 'The new parent lies under this unit: the hierarchy would contain a cycle.',
  UNIT_ARCHIVED:
    'The unit is archived: it receives no postings, gets no new cadres or sub-units and is not edited.',
  UNIT_IN_USE:
    'The unit still has active cadres, ACTIVE or PLANNED postings it receives, or active sub-units.',
  UNKNOWN_UNIT_CODE: 'No unit has this unit code (单位代码).',
});
