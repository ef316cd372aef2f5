import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { poolQuery } from '../../db/pool-read';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { BoundedCache } from '../../common/bounded-cache';
import { unauthenticated } from '../../common/errors';
import { userError, type UserError } from '../../common/user-error';
import { AuthErrorCode } from './auth.errors';
import { apiKeyService, isApiKey } from './api-key.service';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { ViewerCache, type ViewerEvents } from './viewer-cache';
import { storable } from './user-account.rules';
import { User } from './user.entity';
import type { Viewer } from '../../common/viewer';

const ISSUER = 'guazhi';
const AUDIENCE = 'guazhi-api';
/** Verified tokens remembered (`claimsOf`): about one per user active at once is enough. */
const MAX_VERIFIED_TOKENS = 10_000;

/** What a bearer token says, once its signature and claims are verified. */
interface Claims {
  userId: number;
  tokenVersion: number;
  /** Its `exp`, in ms: the token is expired from then on (as jsonwebtoken decides). */
  expiresAtMs: number;
}
export interface LoginResult {
  token: string | null;
  expiresAt: Date | null;
  user: User | null;
  /** The password was a one-time one: only `changeMyPassword` (and `me`, `logout`) until changed. */
  passwordChangeRequired: boolean;
  /** The signed-in viewer, so the payload's nested fields resolve as that user. */
  viewer: Viewer | null;
  userErrors: UserError[];
}

function viewerOf(user: Omit<ViewerRow, 'tokenVersion'>): Viewer {
  return {
    userId: user.id,
    apiKeyId: null,
    username: user.username,
    role: user.role,
    unitId: user.unitId,
    cadreId: user.cadreId,
    passwordChangeRequired: user.passwordChangeRequired,
  };
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Sign-in and bearer tokens. Stateless apart from the user row, so instances can share a database. */
export class AuthService {
  private readonly throttle: LoginThrottle;
  /**
   * The token secret as a key object, made once: given a string, jsonwebtoken first tries it as a
   * public key on every call, and that failure cost 2 ms of CPU per request (profile, issue #12).
   */
  private readonly key: KeyObject;
  /**
   * Tokens already verified → their claims. jsonwebtoken splits, parses and re-HMACs the same
   * token on every request (~2 % of a trivial request's CPU); a token seen before is the same
   * string, so its verification holds until its `exp`. Only the token's own checks are skipped:
   * the user row (token version, active, role) is still checked on every request.
   */
  private readonly verified = new BoundedCache<string, Claims>(MAX_VERIFIED_TOKENS);
  /** Signed-in users' rows kept between requests, once `cacheViewers` is called. */
  private viewerRows: ViewerCache<ViewerRow> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {
    this.throttle = new LoginThrottle(dataSource, config);
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  async login(rawUsername: string, password: string, clientIp: string): Promise<LoginResult> {
    // Usernames are unique whatever their case; text PostgreSQL cannot store matches nobody.
    const username = storable(rawUsername.trim().toLowerCase());
    const user = await this.passwordOwner(username, password, clientIp, () =>
      this.dataSource
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.username) = :username AND u.is_active', { username })
        .getOne(),
    );
    if (!user) {
      return {
        token: null,
        expiresAt: null,
        user: null,
        passwordChangeRequired: false,
        viewer: null,
        userErrors: [
          userError(AuthErrorCode.INVALID_CREDENTIALS, {
            en: 'Unknown username or wrong password',
            zh: '用户名不存在或密码错误',
          }),
        ],
      };
    }
    return {
      ...this.issueToken(user),
      user,
      passwordChangeRequired: user.passwordChangeRequired,
      viewer: viewerOf(user),
      userErrors: [],
    };
  }

  /**
   * Whether `password` is the password of the signed-in `user` (changeMyPassword): throttled like
   * sign-in, so a borrowed session cannot be used to guess it.
   */
  async checkPassword(user: User, password: string, clientIp: string): Promise<boolean> {
    const username = user.username.toLowerCase();
    const owner = await this.passwordOwner(username, password, clientIp, async () => user);
    return owner !== null;
  }

  /**
   * Finds the user and checks the password under the throttle: refused (RATE_LIMITED) while the
   * username at this address or the address must wait; a wrong password counts, a right one
   * resets the username at this address.
   */
  private async passwordOwner(
    username: string,
    password: string,
    clientIp: string,
    find: () => Promise<User | null>,
  ): Promise<User | null> {
    const user = await find();
    // Checked, verified and counted inside the hashing slot, so parallel guesses queue behind it.
    const ok = await verifyPassword(user?.passwordHash ?? null, password, async (verify) => {
      await this.throttle.check(username, clientIp);
      const right = (await verify()) && user !== null;
      if (!right) await this.throttle.failed(username, clientIp);
      return right;
    });
    if (!user || !ok) {
      await this.throttle.purgeExpired();
      return null;
    }
    await this.throttle.succeeded(username, clientIp);
    return user;
  }

  /** A bearer token for `user`, valid until its token version moves on or it expires. */
  issueToken(user: User): IssuedToken {
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000);
    // `tv` ties the token to the user's token version: bumping it (logout) revokes the token.
    const token = jwt.sign({ sub: String(user.id), tv: user.tokenVersion }, this.key, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.config.tokenTtlSeconds,
    });
    return { token, expiresAt };
  }

  /**
   * Decodes `Authorization: Bearer …` (a login token or an API key); no header means an anonymous
   * viewer, a bad, expired or revoked credential UNAUTHENTICATED.
   */
  async viewerFromAuthorization(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match)
      throw unauthenticated({
        en: 'Authorization header must be "Bearer <token>"',
        zh: 'Authorization 请求头须为“Bearer <令牌>”格式',
      });
    const credential = match[1];
    if (isApiKey(credential)) return apiKeyService.viewerFor(this.dataSource, credential);
    const claims = this.claimsOf(credential);
    const user = Number.isInteger(claims.userId) ? await this.activeUser(claims.userId) : null;
    if (!user || user.tokenVersion !== claims.tokenVersion)
      throw unauthenticated({ en: 'Token is invalid or expired', zh: '登录令牌无效或已过期' });
    return viewerOf(user);
  }

  /** The verified claims of a login token; UNAUTHENTICATED if it is invalid or expired. */
  private claimsOf(token: string): Claims {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known;
    try {
      const payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof payload !== 'object') throw new Error('no claims');
      const claims: Claims = {
        userId: Number(payload.sub),
        tokenVersion: Number(payload.tv),
        expiresAtMs: Number(payload.exp) * 1000,
      };
      // Every token we issue expires; one that did not would be verified every time.
      if (Number.isFinite(claims.expiresAtMs)) this.verified.set(token, claims);
      return claims;
    } catch {
      throw unauthenticated({ en: 'Token is invalid or expired', zh: '登录令牌无效或已过期' });
    }
  }

  /**
   * Keeps signed-in users' rows between requests while `events` (the process's LISTEN connection)
   * vouch that they are current: auth/viewer-cache.ts says when that is. Returns the stop. Without
   * it (tools, tests that build no app), every request reads the row.
   */
  cacheViewers(events: ViewerEvents): () => void {
    const cache = (this.viewerRows = new ViewerCache<ViewerRow>(events));
    return () => {
      cache.stop();
      if (this.viewerRows === cache) this.viewerRows = null;
    };
  }

  /** This instance committed a change that may concern a user's row: read them all again. */
  forgetViewers(): void {
    this.viewerRows?.forgetAll();
  }

  /**
   * The signed-in user's row, current at every request so that a logout (token version), a
   * deactivation or a role change counts from the next request: kept (`cacheViewers`) or read
   * with one prepared statement on the pool, only the columns a viewer needs (TypeORM's query
   * building and hydration cost more than the lookup itself).
   */
  private activeUser(id: number): Promise<ViewerRow | null> {
    return this.viewerRows ? this.viewerRows.read(id, this.readUser) : this.readUser(id);
  }

  private readonly readUser = async (id: number): Promise<ViewerRow | null> => {
    const [row] = await poolQuery<ViewerRow>(this.dataSource, VIEWER_SQL, [id], true);
    return row ?? null;
  };
}

const VIEWER_SQL = `SELECT id, username, role, unit_id AS "unitId", cadre_id AS "cadreId",
    password_change_required AS "passwordChangeRequired", token_version AS "tokenVersion"
  FROM app_user WHERE id = $1 AND is_active`;

/** What a bearer token's check reads of its user. */
type ViewerRow = Pick<
  User,
  'id' | 'username' | 'role' | 'unitId' | 'cadreId' | 'passwordChangeRequired' | 'tokenVersion'
>;
