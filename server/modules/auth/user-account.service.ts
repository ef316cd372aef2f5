import type { Context, TxContext } from '../../context';
import { requireViewer } from '../../context';
import { referencedId } from '../../common/referenced-id';
import { loadList } from '../../common/list';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { OrderDirection, type Page } from '../../common/pagination';
import { records } from '../../common/records';
import type { UserError } from '../../common/user-error';
import { AuthErrorCode } from './auth.errors';
import {
  decodeUserFilter,
  USER_ORDER_COLUMNS,
  UserOrderField,
  type CreateUserInput,
  type UpdateUserInput,
  type UserListArgs,
  type UserRefInput,
} from './dto/user.inputs';
import type { User } from './user.entity';
import { userPolicy } from './user.policy';
import {
  newOneTimePassword,
  normaliseUsername,
  usernameProblem,
  type OneTimePassword,
} from './user-account.rules';
import {
  accountChecks,
  adminByPersonOnly,
  linksOf,
  problem,
  type AccountRow,
} from './user-account.checks';

export type { AccountRow } from './user-account.checks';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

export interface AccountUpsert {
  outcome: UpsertOutcome;
  user: User | null;
  /** For a created account only: hand it to the user; it is never shown again. */
  oneTimePassword: string | null;
  /** Every problem of the row when refused (nothing was written); empty otherwise. */
  userErrors: UserError[];
}

export interface IssuedPassword {
  user: User;
  oneTimePassword: string;
}

/** What the trail keeps of an account: never its password hash (nor the token version). */
export const accountTrail = (u: User) => ({
  username: u.username,
  role: u.role,
  unitId: u.unitId,
  cadreId: u.cadreId,
  isActive: u.isActive,
  passwordChangeRequired: u.passwordChangeRequired,
});

/** Runs a mutation that refuses with every problem found, not only the first. */
export async function refusingAll<T>(
  ctx: Context,
  work: (ctx: TxContext, refuseAll: (problems: UserError[]) => void) => Promise<T>,
): Promise<MutationResult<T>> {
  let problems: UserError[] = [];
  const outcome = await runMutation(ctx, (tx) => {
    problems = [];
    return work(tx, (found) => {
      if (found.length === 0) return;
      problems = found;
      refuse(found[0].code, found[0].text, found[0].field ?? undefined);
    });
  });
  return outcome.userErrors.length > 0 && problems.length > 0
    ? { result: null, userErrors: problems }
    : outcome;
}

/** Accounts (用户): created, changed, deactivated and reactivated by the organisation department. */
export class UserAccountService {
  /** Every problem of an account row (see AccountChecks.validate): what an import's dry run lists. */
  validate(ctx: TxContext, row: AccountRow, existing: User | null): Promise<UserError[]> {
    return accountChecks.validate(ctx, row, existing);
  }

  /**
   * Creates the account of `row`, or brings the existing account of that username (any case) to
   * it: the import's upsert, with the mutations' rules. A change of role, unit or cadre ends the
   * user's sessions. Writes nothing when the row has a problem; lists them all.
   */
  async upsert(
    ctx: TxContext,
    row: AccountRow,
    otp?: OneTimePassword,
    note: { reason?: string | null } = {},
  ): Promise<AccountUpsert> {
    const username = normaliseUsername(row.username);
    const [found]: { id: number }[] = usernameProblem(username)
      ? []
      : await ctx.tx.query('SELECT id FROM app_user WHERE lower(username) = lower($1)', [username]);
    const existing = found ? await records.lock(ctx, 'User', found.id) : null;
    const userErrors = await this.validate(ctx, { ...row, username }, existing);
    if (userErrors.length > 0)
      return { outcome: 'refused', user: null, oneTimePassword: null, userErrors };
    if (!existing) {
      const issued = await this.insert(ctx, { ...row, username }, otp, note.reason);
      return {
        outcome: 'created',
        user: issued.user,
        oneTimePassword: issued.oneTimePassword,
        userErrors,
      };
    }
    const next = linksOf(row);
    if (
      existing.role === next.role &&
      existing.unitId === next.unitId &&
      existing.cadreId === next.cadreId
    )
      return { outcome: 'unchanged', user: existing, oneTimePassword: null, userErrors };
    const user = await this.assign(ctx, existing, next, note.reason);
    return { outcome: 'updated', user, oneTimePassword: null, userErrors };
  }

  private async insert(
    ctx: TxContext,
    row: AccountRow,
    otp?: OneTimePassword,
    reason?: string | null,
  ): Promise<IssuedPassword> {
    const { password, hash } = otp ?? (await newOneTimePassword());
    const user = await records.create(
      ctx,
      'User',
      {
        username: row.username,
        passwordHash: hash,
        ...linksOf(row),
        passwordChangeRequired: true,
        tokenVersion: 1,
      },
      { action: 'user.create', trail: accountTrail, reason },
    );
    return { user, oneTimePassword: password };
  }

  /** New role, unit and cadre; the tokens signed for the old ones stop working. */
  private assign(
    ctx: TxContext,
    user: User,
    next: Pick<User, 'role' | 'unitId' | 'cadreId'>,
    reason?: string | null,
  ): Promise<User> {
    return records.change(
      ctx,
      'User',
      user,
      { action: 'user.update', trail: accountTrail, reason },
      (u) => {
        Object.assign(u, next);
        u.tokenVersion += 1;
      },
    );
  }

  async create(ctx: Context, input: CreateUserInput): Promise<MutationResult<IssuedPassword>> {
    // Hashed before the transaction opens: argon2 takes its time, locks should not.
    const otp = await newOneTimePassword();
    return refusingAll(ctx, async (ctx, refuseAll) => {
      const row: AccountRow = {
        username: normaliseUsername(input.username),
        role: input.role,
        unitId: input.unitId ? referencedId(input.unitId, 'Unit', 'unitId') : null,
        cadreId: input.cadreId ? referencedId(input.cadreId, 'Cadre', 'cadreId') : null,
      };
      refuseAll(await this.validate(ctx, row, null));
      return this.insert(ctx, row, otp);
    });
  }

  update(ctx: Context, input: UpdateUserInput): Promise<MutationResult<User>> {
    return refusingAll(ctx, async (ctx, refuseAll) => {
      const user = await records.lock(ctx, 'User', { globalId: input.userId, field: 'userId' });
      const id = (value: string | null | undefined, type: 'Unit' | 'Cadre', field: string) =>
        value ? referencedId(value, type, field) : null;
      const row: AccountRow = {
        username: user.username,
        role: input.role ?? user.role,
        unitId: input.unitId === undefined ? user.unitId : id(input.unitId, 'Unit', 'unitId'),
        cadreId: input.cadreId === undefined ? user.cadreId : id(input.cadreId, 'Cadre', 'cadreId'),
      };
      refuseAll(await this.validate(ctx, row, user));
      const next = linksOf(row);
      const same =
        user.role === next.role && user.unitId === next.unitId && user.cadreId === next.cadreId;
      // Nothing to change, nothing to record, and the user's sessions go on.
      return same ? user : this.assign(ctx, user, next);
    });
  }

  deactivate(ctx: Context, input: UserRefInput): Promise<MutationResult<User>> {
    return refusingAll(ctx, async (ctx, refuseAll) => {
      const viewer = requireViewer(ctx);
      const user = await records.lock(ctx, 'User', { globalId: input.userId, field: 'userId' });
      const problems: UserError[] = [];
      if (user.id === viewer.userId)
        problems.push(
          problem(
            AuthErrorCode.OWN_ACCOUNT,
            { en: 'You cannot deactivate your own account', zh: '不能停用自己的账号' },
            'userId',
          ),
        );
      else if (user.role === userPolicy.adminRole) {
        if (!userPolicy.mayTouchAccountsOf(viewer, user.role))
          problems.push(
            adminByPersonOnly({ en: 'deactivate', zh: '停用组织部门（ORG_ADMIN）账号' }),
          );
        else if (user.isActive && (await accountChecks.isLastAdmin(ctx, user)))
          problems.push(
            problem(
              AuthErrorCode.LAST_ORG_ADMIN,
              {
                en: 'This is the last active ORG_ADMIN',
                zh: '这是最后一个启用的组织部门（ORG_ADMIN）账号',
              },
              'userId',
            ),
          );
      }
      refuseAll(problems);
      // The token version moves on: a later reactivation does not bring old sessions back.
      const step = { action: 'user.deactivate', trail: accountTrail } as const;
      return records.change(ctx, 'User', user, step, (u) => {
        u.tokenVersion += 1;
      });
    });
  }

  reactivate(ctx: Context, input: UserRefInput): Promise<MutationResult<User>> {
    return refusingAll(ctx, async (ctx, refuseAll) => {
      const user = await records.lock(ctx, 'User', { globalId: input.userId, field: 'userId' });
      if (!userPolicy.mayTouchAccountsOf(requireViewer(ctx), user.role))
        refuseAll([
          adminByPersonOnly({ en: 'reactivate', zh: '重新启用组织部门（ORG_ADMIN）账号' }),
        ]);
      return records.change(ctx, 'User', user, { action: 'user.reactivate', trail: accountTrail });
    });
  }

  /** A new one-time password: the old password and every session stop working. */
  async resetPassword(ctx: Context, input: UserRefInput): Promise<MutationResult<IssuedPassword>> {
    const otp = await newOneTimePassword();
    return refusingAll(ctx, async (ctx, refuseAll) => {
      const user = await records.lock(ctx, 'User', { globalId: input.userId, field: 'userId' });
      if (!userPolicy.mayTouchAccountsOf(requireViewer(ctx), user.role))
        refuseAll([
          adminByPersonOnly({
            en: 'reset the password of',
            zh: '重置组织部门（ORG_ADMIN）账号的密码',
          }),
        ]);
      const step = { action: 'user.resetPassword', trail: accountTrail } as const;
      const saved = await records.change(ctx, 'User', user, step, (u) => {
        u.passwordHash = otp.hash;
        u.passwordChangeRequired = true;
        u.tokenVersion += 1;
      });
      return { user: saved, oneTimePassword: otp.password };
    });
  }

  list(ctx: Context, args: UserListArgs): Promise<Page<User>> {
    const filter = decodeUserFilter(args.filter);
    return loadList<User, UserOrderField>(ctx, {
      type: 'User',
      args,
      columns: USER_ORDER_COLUMNS,
      defaultOrder: { field: UserOrderField.USERNAME, direction: OrderDirection.ASC },
      where: (qb, a) => {
        if (filter.role?.length) qb.andWhere(`${a}.role IN (:...fRole)`, { fRole: filter.role });
        if (filter.isActive != null)
          qb.andWhere(`${a}.is_active = :fActive`, { fActive: filter.isActive });
        if (filter.unitIds?.length)
          qb.andWhere(
            `(${a}.unit_id = ANY(:fUnits) OR ${a}.cadre_id IN
               (SELECT c.id FROM cadre c WHERE c.home_unit_id = ANY(:fUnits)))`,
            { fUnits: filter.unitIds },
          );
      },
      filterKey: filter,
    });
  }
}

export const userAccountService = new UserAccountService();
