import type { TxContext } from '../../context';
import { requireViewer } from '../../context';
import type { Text } from '../../common/text';
import { records } from '../../common/records';
import type { Role } from '../../common/role';
import { userError, type UserError } from '../../common/user-error';
import { CadreStatus } from '../cadre/cadre.entity';
import { CadreErrorCode } from '../cadre/cadre.errors';
import { UnitErrorCode } from '../unit/unit.errors';
import { AuthErrorCode } from './auth.errors';
import type { User } from './user.entity';
import { userPolicy } from './user.policy';
import { accountShapeProblems, normaliseUsername } from './user-account.rules';
import { labelOf } from '../../common/labels';
import { CADRE_STATUS_LABELS } from '../cadre/cadre.labels';

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

export const problem = (code: UserError['code'], message: Text, field: string) =>
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

export const adminByPersonOnly = (verb: Text) =>
  problem(
    AuthErrorCode.ORG_ADMIN_BY_PERSON_ONLY,
    {
      en: `API keys cannot ${verb.en} ORG_ADMIN accounts; sign in as a person`,
      zh: `API 密钥不能${verb.zh}，请以个人账号登录`,
    },
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
    const shape = accountShapeProblems({
      username: row.username,
      role: row.role,
      hasUnit: row.unitId !== null,
      hasCadre: row.cadreId !== null,
    });
    const problems: UserError[] = shape.map((p) => problem(p.code, p.message, p.field));
    const username = normaliseUsername(row.username);
    if (
      !shape.some((p) => p.field === 'username') &&
      (await this.usernameTaken(ctx, username, existing?.id ?? null))
    )
      problems.push(
        problem(
          AuthErrorCode.USERNAME_TAKEN,
          { en: `The username ${username} is taken`, zh: `用户名 ${username} 已被使用` },
          'username',
        ),
      );
    if (!userPolicy.mayTouchAccountsOf(viewer, row.role, existing?.role))
      problems.push(
        problem(
          AuthErrorCode.ORG_ADMIN_BY_PERSON_ONLY,
          {
            en: 'API keys cannot create or change ORG_ADMIN accounts; sign in as a person',
            zh: 'API 密钥不能创建或修改组织部门（ORG_ADMIN）账号，请以个人账号登录',
          },
          'role',
        ),
      );
    if (existing && existing.role !== row.role) {
      if (existing.id === viewer.userId)
        problems.push(
          problem(
            AuthErrorCode.OWN_ACCOUNT,
            { en: 'You cannot change your own role', zh: '不能修改自己的角色' },
            'role',
          ),
        );
      else if (existing.role === userPolicy.adminRole && (await this.isLastAdmin(ctx, existing)))
        problems.push(
          problem(
            AuthErrorCode.LAST_ORG_ADMIN,
            {
              en: 'This is the last active ORG_ADMIN',
              zh: '这是最后一个启用的组织部门（ORG_ADMIN）账号',
            },
            'role',
          ),
        );
    }
    problems.push(...(await this.linkProblems(ctx, row, existing)));
    return problems;
  }

  /** The role's unit and cadre: existing, and fitting the role (leadership, one account each). */
  private async linkProblems(
    ctx: TxContext,
    row: AccountRow,
    existing: User | null,
  ): Promise<UserError[]> {
    const problems: UserError[] = [];
    const links = userPolicy.links[row.role];
    // Presence was checked by accountShapeProblems; here, what the unit and cadre are.
    const unit = row.unitId === null ? null : await records.lock(ctx, 'Unit', row.unitId, 'share');
    // An account already tied to an archived unit or a departed cadre keeps it (its history);
    // none is newly tied to one.
    if (links.unit && unit?.archivedOn && unit.id !== existing?.unitId)
      problems.push(
        problem(
          UnitErrorCode.UNIT_ARCHIVED,
          {
            en: `${unit.name} is archived: it gets no new manager accounts`,
            zh: `${unit.name}已撤销归档，不再新建单位管理员账号`,
          },
          'unitId',
        ),
      );
    if (!links.cadre || row.cadreId === null) return problems;
    // FOR UPDATE: two accounts created at once for one cadre queue here, and the second sees the first.
    const cadre = await records.lock(ctx, 'Cadre', row.cadreId);
    if (unit && cadre.homeUnitId !== unit.id)
      problems.push(
        problem(
          AuthErrorCode.ACCOUNT_CADRE_OF_OTHER_UNIT,
          {
            en: `${cadre.name} belongs to another unit than ${unit.name}`,
            zh: `${cadre.name}不属于${unit.name}`,
          },
          'cadreId',
        ),
      );
    if (cadre.status !== CadreStatus.ACTIVE && cadre.id !== existing?.cadreId)
      problems.push(
        problem(
          CadreErrorCode.CADRE_DEPARTED,
          {
            en: `${cadre.name} is ${cadre.status}: a departed cadre gets no account`,
            zh: `${cadre.name}已${labelOf(CADRE_STATUS_LABELS, cadre.status)}，不能开设账号`,
          },
          'cadreId',
        ),
      );
    if (links.leadership && !cadre.isLeadership)
      problems.push(
        problem(
          AuthErrorCode.MENTOR_ACCOUNT_NOT_LEADERSHIP,
          {
            en: `${cadre.name} is on no unit's leadership team (班子成员), so cannot mentor`,
            zh: `${cadre.name}不是任何单位的班子成员，不能担任导师`,
          },
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
          {
            en: `${cadre.name} already has the account ${other.username}`,
            zh: `${cadre.name}已有账号 ${other.username}`,
          },
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
