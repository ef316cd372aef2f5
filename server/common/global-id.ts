import { codedError, ErrorCode } from './errors';

/** Relay global IDs: base64url("TypeName:rowId"), opaque to clients. */
export function toGlobalId(typeName: string, id: number): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  typeName: string;
  id: number;
}

export function fromGlobalId(globalId: string): DecodedId | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(decoded);
  if (!match) return null;
  const id = Number(match[2]);
  if (id > 2147483647) return null;
  return { typeName: match[1], id };
}

/** Decodes an ID argument that must name a row of one type; bad IDs are the caller's mistake. */
export function expectGlobalId(globalId: string, typeName: string, field = 'id'): number {
  const decoded = fromGlobalId(globalId);
  if (!decoded || decoded.typeName !== typeName) {
    throw codedError(
      { en: `${field} is not a valid ${typeName} ID`, zh: `${field} 不是有效的 ${typeName} ID` },
      { code: ErrorCode.BAD_USER_INPUT, field },
    );
  }
  return decoded.id;
}
