import type { TxContext } from '../../context';
import type { FieldProblem } from '../../common/validation';
import { userError } from '../../common/user-error';
import type { UserImportValues } from '../import/users.table';
import { unitWriteService, type WriteNote } from '../unit/unit-write.service';
import { normalizeIdNumber } from '../cadre/cadre.rules';
import { unknownUnitCode } from '../unit/unit.rules';
import { AuthErrorCode } from './auth.errors';
import {
  accountShapeProblems,
  normaliseUsername,
  usernameProblem,
  type ShapeProblem,
} from './user-account.rules';
import { userAccountService, type AccountUpsert } from './user-account.service';
import type { OneTimePassword } from './user-account.rules';

/** The account fields of a problem, as the `users` import table names its columns. */
const ROW_FIELD: Record<ShapeProblem['field'], keyof UserImportValues & string> = {
  username: 'username',
  unitId: 'unitCode',
  cadreId: 'cadreIdNumber',
};
const rowField = (field: string) => ROW_FIELD[field as ShapeProblem['field']] ?? field;

/**
 * The `users` kind of an import (issue #8): a row of the import layer's own table, judged by the
 * rules of the account mutations. Unit codes and ID numbers are resolved in the import's
 * transaction, so units and cadres created earlier in the same import are found.
 */
export class UserImportService {
  /**
   * Every problem of a row that needs no database: the import reader's row hook. A field whose
   * cell did not read is absent; the role's rules wait for a row whose four cells read.
   */
  rowProblems(row: Partial<UserImportValues>): FieldProblem[] {
    if (
      row.username === undefined ||
      row.role === undefined ||
      row.unitCode === undefined ||
      row.cadreIdNumber === undefined
    ) {
      const bad =
        row.username === undefined ? null : usernameProblem(normaliseUsername(row.username));
      return bad ? [{ field: 'username', code: AuthErrorCode.INVALID_USERNAME, message: bad }] : [];
    }
    return accountShapeProblems({
      username: row.username,
      role: row.role,
      hasUnit: row.unitCode !== null && row.unitCode.trim() !== '',
      hasCadre: row.cadreIdNumber !== null && row.cadreIdNumber.trim() !== '',
    }).map((p) => ({ ...p, field: rowField(p.field) }));
  }

  /**
   * Creates, updates or leaves unchanged the account of the row's username (any case). Refused
   * rows come back with every problem, named by the row's fields, and write nothing; a created
   * account's one-time password is in the result, to hand over once.
   */
  async upsertRow(
    ctx: TxContext,
    row: UserImportValues,
    note: WriteNote = {},
    otp?: OneTimePassword,
  ): Promise<AccountUpsert> {
    const unresolved: FieldProblem[] = [];
    let unitId: number | null = null;
    if (row.unitCode?.trim()) {
      const unit = (await unitWriteService.byCodes(ctx, [row.unitCode])).values().next().value;
      if (unit) unitId = unit.id;
      else unresolved.push(unknownUnitCode('unitCode', row.unitCode));
    }
    let cadreId: number | null = null;
    const idNumber = row.cadreIdNumber && normalizeIdNumber(row.cadreIdNumber);
    if (idNumber) {
      const [cadre]: { id: number }[] = await ctx.tx.query(
        'SELECT id FROM cadre WHERE id_number = $1',
        [idNumber],
      );
      if (cadre) cadreId = cadre.id;
      else
        unresolved.push({
          field: 'cadreIdNumber',
          code: AuthErrorCode.UNKNOWN_CADRE_ID_NUMBER,
          message: {
            en: `No cadre has the ID number ${idNumber} (身份证号)`,
            zh: `没有身份证号为 ${idNumber} 的干部`,
          },
        });
    }
    if (unresolved.length > 0)
      return {
        outcome: 'refused',
        user: null,
        oneTimePassword: null,
        userErrors: unresolved.map((p) => userError(p.code, p.message, [p.field])),
      };
    const result = await userAccountService.upsert(
      ctx,
      { username: row.username, role: row.role, unitId, cadreId },
      otp,
      note,
    );
    return {
      ...result,
      userErrors: result.userErrors.map((e) => ({ ...e, field: e.field?.map(rowField) ?? null })),
    };
  }
}

export const userImportService = new UserImportService();
