import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Context } from '../../context';
import { requireViewer } from '../../context';
import { forbidden, unauthenticated } from '../../common/errors';
import { expectGlobalId } from '../../common/global-id';
import { loadList } from '../../common/list';
import { refuse, runMutation, type MutationResult } from '../../common/mutation';
import { OrderDirection, type Page } from '../../common/pagination';
import { records } from '../../common/records';
import { CommonErrorCode } from '../../common/user-error';
import { ApiKey } from './api-key.entity';
import { apiKeyPolicy } from './api-key.policy';
import type { ApiKeyListArgs, CreateApiKeyInput, RevokeApiKeyInput } from './dto/api-key.inputs';
import { ApiKeyOrderField } from './dto/api-key.inputs';
import type { Viewer } from '../../common/viewer';

/** `gzk_<12 lowercase alphanumerics>_<43 base64url>`: the prefix finds the row, the rest proves it. */
const KEY_PATTERN = /^gzk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function isApiKey(credential: string): boolean {
  return credential.startsWith('gzk_');
}

// Keys are 256 random bits, so a plain SHA-256 suffices (a slow KDF is for guessable passwords).
const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

function newKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { key: `gzk_${prefix}_${secret}`, prefix, hash: sha256(secret) };
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The whole key: returned once, at creation, and never again. */
  secret: string;
}

export class ApiKeyService {
  /** The viewer a request with this key acts as; revoked, expired or unknown keys are refused. */
  async viewerFor(dataSource: DataSource, credential: string): Promise<Viewer> {
    const match = KEY_PATTERN.exec(credential);
    const row = match
      ? await dataSource.getRepository(ApiKey).findOneBy({ prefix: match[1] })
      : null;
    const valid =
      row !== null &&
      timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(sha256(match![2]), 'hex')) &&
      row.isActive;
    if (!row || !valid)
      throw unauthenticated({
        en: 'API key is invalid, expired or revoked',
        zh: 'API 密钥无效、已过期或已被吊销',
      });
    // At most one write a minute per key, so busy integrations do not write on every request.
    await dataSource.query(
      `UPDATE api_key SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [row.id],
    );
    return {
      userId: null,
      apiKeyId: row.id,
      username: `api-key:${row.name}`,
      role: row.role,
      unitId: row.unitId,
      cadreId: null,
      trustedDocumentsOnly: row.trustedDocumentsOnly,
    };
  }

  create(ctx: Context, input: CreateApiKeyInput): Promise<MutationResult<CreatedApiKey>> {
    return runMutation(ctx, async (ctx) => {
      const viewer = requireViewer(ctx);
      // Keys are issued by people, so that every key has an accountable creator.
      if (viewer.userId === null)
        throw forbidden({
          en: 'API keys cannot create API keys; sign in as a person',
          zh: 'API 密钥不能创建 API 密钥，请以个人账号登录',
        });
      const keyFor = apiKeyPolicy.keyFor[input.role];
      if (!keyFor) {
        refuse(
          CommonErrorCode.INVALID_VALUE,
          {
            en: `API keys act as ${apiKeyPolicy.keyRoles.join(', ')}`,
            zh: `API 密钥只能使用以下角色：${apiKeyPolicy.keyRoles.join('、')}`,
          },
          'role',
        );
      }
      const needsUnit = keyFor === 'unit';
      if (needsUnit !== Boolean(input.unitId)) {
        refuse(
          CommonErrorCode.INVALID_VALUE,
          {
            en: 'A unit is given exactly for UNIT_MANAGER keys',
            zh: '仅 UNIT_MANAGER 角色的密钥须指定单位，其他角色不得指定',
          },
          'unitId',
        );
      }
      if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
        refuse(
          CommonErrorCode.INVALID_DATES,
          { en: 'The expiry must lie in the future', zh: '到期时间须晚于当前时间' },
          'expiresAt',
        );
      }
      const unitId = input.unitId ? expectGlobalId(input.unitId, 'Unit', 'unitId') : null;
      if (unitId !== null) await records.lock(ctx, 'Unit', unitId, 'share');
      const { key, prefix, hash } = newKey();
      const apiKey = await records.create(
        ctx,
        'ApiKey',
        {
          name: input.name.trim(),
          role: input.role,
          unitId,
          prefix,
          keyHash: hash,
          createdById: viewer.userId,
          expiresAt: input.expiresAt ?? null,
          trustedDocumentsOnly: input.trustedDocumentsOnly ?? false,
        },
        { action: 'apiKey.create' },
      );
      return { apiKey, secret: key };
    });
  }

  revoke(ctx: Context, input: RevokeApiKeyInput): Promise<MutationResult<ApiKey>> {
    return runMutation(ctx, (ctx) =>
      records.update(
        ctx,
        'ApiKey',
        { globalId: input.apiKeyId, field: 'apiKeyId' },
        { action: 'apiKey.revoke' },
        (apiKey) => {
          apiKey.revokedAt = new Date();
        },
      ),
    );
  }

  list(ctx: Context, args: ApiKeyListArgs): Promise<Page<ApiKey>> {
    const active = args.filter?.isActive;
    return loadList<ApiKey, ApiKeyOrderField>(ctx, {
      type: 'ApiKey',
      args,
      columns: { CREATED_AT: 'created_at' },
      defaultOrder: { field: ApiKeyOrderField.CREATED_AT, direction: OrderDirection.ASC },
      where:
        active == null
          ? undefined
          : (qb, a) =>
              qb.andWhere(
                `(${a}.revoked_at IS NULL AND (${a}.expires_at IS NULL OR ${a}.expires_at > now())) = :fActive`,
                { fActive: active },
              ),
      filterKey: args.filter,
    });
  }
}

export const apiKeyService = new ApiKeyService();
