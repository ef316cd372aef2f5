import { randomBytes } from 'node:crypto';
import type { Role } from '../../common/role';
import type { UserErrorCode } from '../../common/user-error';
import { AuthErrorCode } from './auth.errors';
import { hashPassword } from './password';
import { userPolicy } from './user.policy';
import { labelOf } from '../../common/labels';
import { ROLE_LABELS } from '../../common/role.labels';
import type { Text } from '../../common/text';

/** 3–64 characters, ASCII letters, digits and `_ . @ -`, starting with a letter or a digit. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{2,63}$/;

/** A username as stored: trimmed; its case is kept, and ignored for uniqueness and sign-in. */
export function normaliseUsername(raw: string): string {
  return raw.trim();
}

/** What usernames are matched on (any case, as `lower(username)` in SQL): an account's natural key. */
export function usernameKey(raw: string): string {
  return normaliseUsername(raw).toLowerCase();
}

/**
 * Why a (normalised) username is refused, or null. U+0000 and lone surrogates are named on their
 * own: PostgreSQL would refuse them with an error, not a clear answer (PITFALLS).
 */
export function usernameProblem(username: string): Text | null {
  if (username.includes('\u0000'))
    return { en: 'A username cannot contain the NUL character', zh: '用户名不能含有 NUL 字符' };
  if (!isWellFormed(username))
    return {
      en: 'A username cannot contain unpaired surrogate characters',
      zh: '用户名不能含有孤立的代理项字符',
    };
  if (username.length < 3 || username.length > 64)
    return {
      en: `A username is 3 to 64 characters long, not ${username.length}`,
      zh: `用户名长度须为 3 至 64 个字符，当前为 ${username.length} 个`,
    };
  if (!USERNAME.test(username))
    return {
      en: 'A username uses letters, digits and _ . @ - only, and starts with a letter or a digit',
      zh: '用户名只能由字母、数字和 _ . @ - 组成，并以字母或数字开头',
    };
  return null;
}

/** Whether a string is valid UTF-16 (no lone surrogate), so it can be stored and compared. */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Text safe to keep in a `text` column whatever the client sent (for the sign-in throttle). */
export function storable(text: string): string {
  return text
    .replace(/\u0000/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** What an account row says before anything is looked up: a unit or a cadre given or not. */
export interface AccountShape {
  username: string;
  role: Role;
  hasUnit: boolean;
  hasCadre: boolean;
}

export interface ShapeProblem {
  field: 'username' | 'unitId' | 'cadreId';
  code: UserErrorCode;
  message: Text;
}

/**
 * The rules of an account row that need no database: the username's form, and a unit and a cadre
 * given exactly where the role takes them (a mentor or cadre may name its cadre's unit, checked
 * later against it). Pure and synchronous: an import's row hook runs it on every parsed row.
 */
export function accountShapeProblems(row: AccountShape): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const bad = usernameProblem(normaliseUsername(row.username));
  if (bad) problems.push({ field: 'username', code: AuthErrorCode.INVALID_USERNAME, message: bad });
  const links = userPolicy.links[row.role];
  if (links.unit && !row.hasUnit)
    problems.push({
      field: 'unitId',
      code: AuthErrorCode.ACCOUNT_UNIT_REQUIRED,
      message: {
        en: `A ${row.role} account needs the unit it manages`,
        zh: `${labelOf(ROLE_LABELS, row.role)}账号须指定所管理的单位`,
      },
    });
  if (row.hasUnit && !links.unit && !links.cadre)
    problems.push({
      field: 'unitId',
      code: AuthErrorCode.ACCOUNT_UNIT_NOT_ALLOWED,
      message: {
        en: `A ${row.role} account has no unit`,
        zh: `${labelOf(ROLE_LABELS, row.role)}账号不关联单位`,
      },
    });
  if (links.cadre && !row.hasCadre)
    problems.push({
      field: 'cadreId',
      code: AuthErrorCode.ACCOUNT_CADRE_REQUIRED,
      message: {
        en: `A ${row.role} account needs its cadre`,
        zh: `${labelOf(ROLE_LABELS, row.role)}账号须关联干部本人`,
      },
    });
  if (!links.cadre && row.hasCadre)
    problems.push({
      field: 'cadreId',
      code: AuthErrorCode.ACCOUNT_CADRE_NOT_ALLOWED,
      message: {
        en: `A ${row.role} account has no cadre`,
        zh: `${labelOf(ROLE_LABELS, row.role)}账号不关联干部`,
      },
    });
  return problems;
}

export interface OneTimePassword {
  /** Shown once to the administrator, who hands it to the user. */
  password: string;
  hash: string;
}

/**
 * A one-time password: 96 random bits as 16 URL-safe characters (easy to read out, impossible to
 * guess), hashed with argon2id like every password. Hashing costs ~25 ms, capped in parallel:
 * an import may prepare them ahead of its transaction.
 */
export async function newOneTimePassword(): Promise<OneTimePassword> {
  const password = randomBytes(12).toString('base64url');
  return { password, hash: await hashPassword(password) };
}
