import type { TxContext } from '../../context';
import { requireViewer } from '../../context';
import { records } from '../../common/records';
import type { Role } from '../../common/role';
import { userError, type UserError } from '../../common/user-error';
import { AuthErrorCode } from './auth.errors';
import type { User } from './user.entity';
import { userPolicy } from './user.policy';
import { normaliseUsername, usernameProblem } from './user-account.rules';

/**
 * One account as a mutation or an import row gives it: unit and cadre as row ids (an import
 * resolves unit codes and ID numbers first). Problems name the fields `username`, `role`,
 * `unitId`, `cadreId`.
 */
export interface AccountRow {
  username: string;
  role: Role;
  /** UNIT_MANAGER: the unit managed. MENTOR, CADRE: optionally, the cadre's home unit (a check). */
  unitId: number | null;
  /** MENTOR, CADRE: the person's cadre record. */
  cadreId: number | null;
}

export const problem = (code: UserError['code'], message: string, field: string) =>
  userError(code, message, [field]);

/** The unit and cadre an account of `row.role` keeps (a mentor's unit is its cadre's). */
export function linksOf(row: AccountRow): Pick<User, 'role' | 'unitId' | 'cadreId'> {
  const links = userPolicy.links[row.role];
  return {
    role: row.role,
    unitId: links.unit ? row.unitId : null,
    cadreId: links.cadre ? row.cadreId : null,
  };
}

export const adminByPersonOnly = (verb: string) =>
  problem(
    AuthErrorCode.ORG_ADMIN_BY_PERSON_ONLY,
    `API keys cannot ${verb} ORG_ADMIN accounts; sign in as a person`,
    'userId',
  );

/**
 * The rules every write of accounts obeys, mutations and imports alike: they read (and lock) what
 * the row refers to, in the writer's transaction, and report every problem, not only the first.
 */
export class AccountChecks {
  /**
   * Every problem of an account row, by the rules every write of accounts obeys (mutations and
   * imports): username, the role's unit and cadre, who may touch ORG_ADMIN accounts, the last
   * administrator. `existing` is the account the row changes (null: a new one). Locks the cadre
   * (one account per cadre) and the unit it reads, so a concurrent write cannot slip past.
   */
  async validate(ctx: TxContext, row: AccountRow, existing: User | null): Promise<UserError[]> {
    const viewer = requireViewer(ctx);
    const problems: UserError[] = [];
    const username = normaliseUsername(row.username);
    const bad = usernameProblem(username);
    if (bad) problems.push(problem(AuthErrorCode.INVALID_USERNAME, bad, 'username'));
    else if (await this.usernameTaken(ctx, username, existing?.id ?? null))
      problems.push(
        problem(AuthErrorCode.USERNAME_TAKEN, `The username ${username} is taken`, 'username'),
      );
    if (!userPolicy.mayTouchAccountsOf(viewer, row.role, existing?.role))
      problems.push(
        problem(
          AuthErrorCode.ORG_ADMIN_BY_PERSON_ONLY,
          'API keys cannot create or change ORG_ADMIN accounts; sign in as a person',
          'role',
        ),
      );
    if (existing && existing.role !== row.role) {
      if (existing.id === viewer.userId)
        problems.push(
          problem(AuthErrorCode.OWN_ACCOUNT, 'You cannot change your own role', 'role'),
        );
      else if (existing.role === userPolicy.adminRole && (await this.isLastAdmin(ctx, existing)))
        problems.push(
          problem(AuthErrorCode.LAST_ORG_ADMIN, 'This is the last active ORG_ADMIN', 'role'),
        );
    }
    problems.push(...(await this.linkProblems(ctx, row, existing)));
    return problems;
  }

  /** The role's unit and cadre: present exactly where the role needs them, and fitting it. */
  private async linkProblems(
    ctx: TxContext,
    row: AccountRow,
    existing: User | null,
  ): Promise<UserError[]> {
    const problems: UserError[] = [];
    const links = userPolicy.links[row.role];
    const unit = row.unitId === null ? null : await records.lock(ctx, 'Unit', row.unitId, 'share');
    if (links.unit && !unit)
      problems.push(
        problem(
          AuthErrorCode.ACCOUNT_UNIT_REQUIRED,
          'A UNIT_MANAGER account needs its unit',
          'unitId',
        ),
      );
    if (unit && !links.unit && !links.cadre)
      problems.push(
        problem(
          AuthErrorCode.ACCOUNT_UNIT_NOT_ALLOWED,
          `A ${row.role} account has no unit`,
          'unitId',
        ),
      );
    if (!links.cadre) {
      if (row.cadreId !== null)
        problems.push(
          problem(
            AuthErrorCode.ACCOUNT_CADRE_NOT_ALLOWED,
            `A ${row.role} account has no cadre`,
            'cadreId',
          ),
        );
      return problems;
    }
    if (row.cadreId === null) {
      problems.push(
        problem(
          AuthErrorCode.ACCOUNT_CADRE_REQUIRED,
          `A ${row.role} account needs its cadre`,
          'cadreId',
        ),
      );
      return problems;
    }
    // FOR UPDATE: two accounts created at once for one cadre queue here, and the second sees the first.
    const cadre = await records.lock(ctx, 'Cadre', row.cadreId);
    if (unit && cadre.homeUnitId !== unit.id)
      problems.push(
        problem(
          AuthErrorCode.ACCOUNT_CADRE_OF_OTHER_UNIT,
          `${cadre.name} belongs to another unit than ${unit.name}`,
          'cadreId',
        ),
      );
    if (links.leadership && !cadre.isLeadership)
      problems.push(
        problem(
          AuthErrorCode.MENTOR_ACCOUNT_NOT_LEADERSHIP,
          `${cadre.name} is on no unit's leadership team (班子成员), so cannot mentor`,
          'cadreId',
        ),
      );
    const [other]: { username: string }[] = await ctx.tx.query(
      'SELECT username FROM app_user WHERE cadre_id = $1 AND id <> $2 LIMIT 1',
      [cadre.id, existing?.id ?? 0],
    );
    if (other)
      problems.push(
        problem(
          AuthErrorCode.CADRE_HAS_ACCOUNT,
          `${cadre.name} already has the account ${other.username}`,
          'cadreId',
        ),
      );
    return problems;
  }

  private async usernameTaken(ctx: TxContext, username: string, except: number | null) {
    const rows: unknown[] = await ctx.tx.query(
      'SELECT 1 FROM app_user WHERE lower(username) = lower($1) AND id <> $2',
      [username, except ?? 0],
    );
    return rows.length > 0;
  }

  /**
   * Whether `user` is the only active ORG_ADMIN. Every active administrator is locked, so two
   * administrators demoting each other at once cannot both succeed.
   */
  async isLastAdmin(ctx: TxContext, user: User): Promise<boolean> {
    const admins: { id: number }[] = await ctx.tx.query(
      'SELECT id FROM app_user WHERE role = $1 AND is_active ORDER BY id FOR UPDATE',
      [userPolicy.adminRole],
    );
    return admins.every((a) => a.id === user.id);
  }
}

export const accountChecks = new AccountChecks();
