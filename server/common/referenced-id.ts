import { fromGlobalId } from './global-id';
import { refuse } from './mutation';
import { CommonErrorCode } from './user-error';

/**
 * Decodes an ID that a mutation's input refers to (the unit of a new cadre, a unit's parent, an
 * account's cadre). Like any other bad value of an input field, one that is not an ID of that type
 * is a userError on its field (INVALID_VALUE), not a top-level error: the client shows it beside
 * the field. Call it inside `runMutation`. The record a mutation acts on (`updateUnit.unitId`) is
 * another matter: not finding it is NOT_FOUND, as for `node(id:)`.
 */
export function referencedId(globalId: string, typeName: string, field: string): number {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.typeName !== typeName) {
    refuse(
      CommonErrorCode.INVALID_VALUE,
      { en: `${field} is not the ID of a ${typeName}`, zh: `${field} 不是 ${typeName} 类型的 ID` },
      field,
    );
  }
  return decoded.id;
}
