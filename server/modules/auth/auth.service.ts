import jwt from 'jsonwebtoken';
import type { DataSource } from 'typeorm';
import type { Config } from '../../config';
import { unauthenticated } from '../../common/errors';
import { userError, type UserError } from '../../common/user-error';
import { AuthErrorCode } from './auth.errors';
import { apiKeyService, isApiKey } from './api-key.service';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { User } from './user.entity';
import type { Viewer } from '../../common/viewer';

const ISSUER = 'guazhi';
const AUDIENCE = 'guazhi-api';

export interface LoginResult {
  token: string | null;
  expiresAt: Date | null;
  user: User | null;
  /** The signed-in viewer, so the payload's nested fields resolve as that user. */
  viewer: Viewer | null;
  userErrors: UserError[];
}

function viewerOf(user: User): Viewer {
  return {
    userId: user.id,
    apiKeyId: null,
    username: user.username,
    role: user.role,
    unitId: user.unitId,
    cadreId: user.cadreId,
  };
}

/** Sign-in and bearer tokens. Stateless apart from the user row, so instances can share a database. */
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {
    this.throttle = new LoginThrottle(dataSource, config);
  }

  async login(rawUsername: string, password: string, clientIp: string): Promise<LoginResult> {
    const username = rawUsername.trim().toLowerCase();
    await this.throttle.reserve(username, clientIp);
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { username, isActive: true } });
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      await this.throttle.forgetOld();
      return {
        token: null,
        expiresAt: null,
        user: null,
        viewer: null,
        userErrors: [
          userError(AuthErrorCode.INVALID_CREDENTIALS, 'Unknown username or wrong password'),
        ],
      };
    }
    await this.throttle.succeeded(username);
    const expiresAt = new Date(Date.now() + this.config.tokenTtlSeconds * 1000);
    // `tv` ties the token to the user's token version: bumping it (logout) revokes the token.
    const token = jwt.sign({ sub: String(user.id), tv: user.tokenVersion }, this.config.jwtSecret, {
      algorithm: 'HS256',
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: this.config.tokenTtlSeconds,
    });
    return { token, expiresAt, user, viewer: viewerOf(user), userErrors: [] };
  }

  /**
   * Decodes `Authorization: Bearer …` (a login token or an API key); no header means an anonymous
   * viewer, a bad, expired or revoked credential UNAUTHENTICATED.
   */
  async viewerFromAuthorization(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
    const credential = match[1];
    if (isApiKey(credential)) return apiKeyService.viewerFor(this.dataSource, credential);
    let claims: { userId: number; tokenVersion: number };
    try {
      const payload = jwt.verify(credential, this.config.jwtSecret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof payload !== 'object') throw new Error('no claims');
      claims = { userId: Number(payload.sub), tokenVersion: Number(payload.tv) };
    } catch {
      throw unauthenticated('Token is invalid or expired');
    }
    const user = Number.isInteger(claims.userId)
      ? await this.dataSource
          .getRepository(User)
          .findOne({ where: { id: claims.userId, isActive: true } })
      : null;
    if (!user || user.tokenVersion !== claims.tokenVersion)
      throw unauthenticated('Token is invalid or expired');
    return viewerOf(user);
  }
}
