import { actionsOn, defineModule } from '../../common/module';
import { ApiKey } from './api-key.entity';
import { apiKeyLifecycle } from './api-key.lifecycle';
import { apiKeyPolicy } from './api-key.policy';
import { ApiKeyResolver } from './api-key.resolver';
import { AuthErrorCode } from './auth.errors';
import { AuthResolver } from './auth.resolver';
import { ApiKeys1764500000000 } from './migrations/1764500000000-api-keys';
import { LoginAttempts1764700000000 } from './migrations/1764700000000-login-attempts';
import { UserAccounts1765400000000 } from './migrations/1765400000000-user-accounts';
import { LoginThrottle1765600000000 } from './migrations/1765600000000-login-throttle';
import { ApiKeyTrustedDocuments1766100000000 } from './migrations/1766100000000-api-key-trusted-documents';
import { SessionResolver } from './session.resolver';
import { User } from './user.entity';
import { userLifecycle } from './user.lifecycle';
import { userPolicy } from './user.policy';
import { UserResolver } from './user.resolver';

/**
 * What the audit trail records of accounts and keys (sign-ins are throttled, not audited); the
 * trail never keeps a password hash (`accountTrail`, and the kernel's `snapshot` drops it anyway).
 */
const authActions = {
  ...actionsOn('User', [
    'user.create',
    'user.update',
    'user.deactivate',
    'user.reactivate',
    'user.resetPassword',
    'user.changePassword',
    'user.logout',
    'user.revokeTokens',
  ]),
  ...actionsOn('ApiKey', ['apiKey.create', 'apiKey.revoke']),
};

declare module '../../common/module' {
  interface NodeTypes {
    User: User;
    ApiKey: ApiKey;
  }
  interface AuditActionSets {
    auth: typeof authActions;
  }
}

/** Accounts, sign-in, sessions and API keys for third-party systems. */
export const authModule = defineModule({
  name: 'auth',
  entities: [User, ApiKey],
  resolvers: [AuthResolver, ApiKeyResolver, SessionResolver, UserResolver],
  nodes: {
    User: {
      entity: User,
      alias: 'app_user',
      scope: userPolicy.read,
      references: {
        unit: { type: 'Unit', column: 'unitId' },
        cadre: { type: 'Cadre', column: 'cadreId' },
      },
    },
    ApiKey: {
      entity: ApiKey,
      alias: 'api_key',
      scope: apiKeyPolicy.read,
      reads: { isActive: ['revokedAt', 'expiresAt'] },
      references: {
        unit: { type: 'Unit', column: 'unitId' },
        createdBy: { type: 'User', column: 'createdById' },
      },
    },
  },
  userErrorCodes: AuthErrorCode,
  auditActions: authActions,
  // Two admins creating one username at once: the index decides, the loser gets the userError.
  constraintErrors: {
    app_user_username_lower_key: {
      code: AuthErrorCode.USERNAME_TAKEN,
      message: {
        en: 'Another account has this username (whatever its case)',
        zh: '该用户名已被其他账号使用（不区分大小写）',
      },
      field: 'username',
    },
  },
  lifecycles: [apiKeyLifecycle, userLifecycle],
  migrations: [
    ApiKeys1764500000000,
    LoginAttempts1764700000000,
    UserAccounts1765400000000,
    LoginThrottle1765600000000,
    ApiKeyTrustedDocuments1766100000000,
  ],
  sqlRules: ['sql/viewer-events.sql'],
});
