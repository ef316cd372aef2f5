import fs from 'node:fs';
import path from 'node:path';
import { getMetadataStorage, type MiddlewareFn, type ResolverData } from 'type-graphql';
import { Allow, permission, type Permission } from '../server/common/permission';
import { FieldRule, fieldRule, isFieldRuleGuard } from '../server/common/field-rule';
import { Role } from '../server/common/role';
import { everything, scopeByRole } from '../server/common/scope';
import type { Viewer } from '../server/common/viewer';
import type { Context } from '../server/context';
import { REGISTRY } from '../server/modules';
import { createSchema } from '../server/schema';

const MODULES_DIR = path.join(__dirname, '..', 'server', 'modules');
const ROLES = Object.values(Role).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const moduleFiles = sourceFiles(MODULES_DIR);
const policyFiles = moduleFiles.filter((file) => file.endsWith('.policy.ts'));
const relative = (file: string) => path.relative(MODULES_DIR, file);

/** Lines of `files` that match `pattern`, as `file:line: text`. */
function grep(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) =>
        pattern.test(line) ? [`${relative(file)}:${i + 1}: ${line.trim()}`] : [],
      ),
  );
}

/** Anything a policy exports that answers per role: read scopes, permissions, field rules. */
interface Table {
  where: string;
  byRole: object;
}

function tablesIn(value: unknown, where: string, depth = 0): Table[] {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return [];
  const own: Table[] =
    'byRole' in value && typeof value.byRole === 'object' && value.byRole !== null
      ? [{ where, byRole: value.byRole }]
      : [];
  if (depth > 2 || typeof value === 'function') return own;
  return [
    ...own,
    ...Object.entries(value).flatMap(([key, member]) =>
      key === 'byRole' ? [] : tablesIn(member, `${where}.${key}`, depth + 1),
    ),
  ];
}

async function policyExports(): Promise<{ where: string; value: unknown }[]> {
  const loaded = await Promise.all(policyFiles.map((file) => import(file) as Promise<object>));
  return loaded.flatMap((exports, i) =>
    Object.entries(exports).map(([name, value]) => ({
      where: `${relative(policyFiles[i])}: ${name}`,
      value,
    })),
  );
}

const viewer = (role: Role): Viewer => ({
  userId: 1,
  apiKeyId: null,
  username: 'someone',
  role,
  unitId: 1,
  cadreId: 1,
});

describe('role checks', () => {
  it('live in policies only when a module file names a role or reads viewer.role', () => {
    // Import tables name a role only as a template's example value: data, not a check.
    const outside = moduleFiles.filter(
      (file) => !file.endsWith('.policy.ts') && !file.endsWith('.table.ts'),
    );
    expect(grep(outside, /\bviewer\.role\b|\bRole\.[A-Z]/)).toEqual([]);
  });

  it('declare who may call every operation through @Allow(policy.may.<verb>)', () => {
    expect(grep(moduleFiles, /@Authorized\b/)).toEqual([]);
    // Deny by default: only `login` is open to anonymous callers.
    const storage = getMetadataStorage();
    const guarded = new Set(storage.authorizedFields.map((a) => `${a.target.name}.${a.fieldName}`));
    const operations = [...storage.queries, ...storage.mutations, ...storage.subscriptions];
    expect(operations.length).toBeGreaterThan(45);
    const open = operations
      .filter((op) => !guarded.has(`${op.target.name}.${op.methodName}`))
      .map((op) => op.schemaName);
    expect(open).toEqual(['login']);
  });

  it('deny fields through @FieldRule, never by hand in a resolver', () => {
    const resolvers = moduleFiles.filter((file) => file.endsWith('.resolver.ts'));
    // A resolver names a policy only in its decorators; calling one (or `forbidden`) is a hand-made check.
    expect(grep(resolvers, /\bforbidden\(|\b[a-z]\w*Policy\.[\w.]+\(/)).toEqual([]);
  });
});

describe('policy tables', () => {
  it('answer every role in every read scope of every node type', () => {
    for (const [type, spec] of Object.entries(REGISTRY.nodes)) {
      expect([type, Object.keys(spec.scope.byRole).sort()]).toEqual([type, ROLES]);
      for (const rule of Object.values(spec.scope.byRole)) expect(typeof rule).toBe('function');
    }
  });

  it('answer every role in every scope, permission and field rule a policy exports', async () => {
    const exported = await policyExports();
    expect(exported.length).toBeGreaterThanOrEqual(policyFiles.length);
    const tables = exported.flatMap(({ where, value }) => tablesIn(value, where));
    expect(tables.length).toBeGreaterThan(60);
    const incomplete = tables
      .filter((t) => Object.keys(t.byRole).sort().join() !== ROLES.join())
      .map((t) => t.where);
    expect(incomplete).toEqual([]);
  });

  it('give every read* member of a policy as a table, so none falls through', async () => {
    const loose = (await policyExports()).flatMap(({ where, value }) =>
      typeof value === 'object' && value !== null
        ? Object.entries(value)
            .filter(([key, member]) => key.startsWith('read') && typeof member === 'function')
            .filter(([, member]) => !('byRole' in member))
            .map(([key]) => `${where}.${key}`)
        : [],
    );
    // `readRecords` builds tables for its callers; everything else must be one.
    expect(loose).toEqual(['posting/posting.policy.ts: postingPolicy.readRecords']);
  });

  it('do not compile without an answer for each role, and deny a role they lack at run time', () => {
    const partialScope = scopeByRole(
      // @ts-expect-error ANALYST is not answered
      { ORG_ADMIN: everything, UNIT_MANAGER: everything, MENTOR: everything, CADRE: everything },
    );
    const where: string[] = [];
    const qb = { andWhere: (sql: string) => where.push(sql) };
    partialScope(qb as never, 'x', viewer(Role.ANALYST));
    expect(where).toEqual(['FALSE']);

    // @ts-expect-error CADRE is not answered
    const partialWrite = permission({
      ORG_ADMIN: true,
      UNIT_MANAGER: true,
      MENTOR: true,
      ANALYST: true,
    });
    expect(partialWrite.allows(viewer(Role.CADRE))).toBe(false);
    expect(() => partialWrite(viewer(Role.CADRE))).toThrow('Not allowed for your role');

    // @ts-expect-error MENTOR is not answered
    fieldRule<object>('hidden', {
      ORG_ADMIN: true,
      UNIT_MANAGER: true,
      CADRE: true,
      ANALYST: true,
    });
  });
});

describe('permissions', () => {
  const receives = (v: Viewer, posting: { receivingUnitId: number }) =>
    v.unitId === posting.receivingUnitId;
  const submit: Permission<[{ receivingUnitId: number }]> = permission(
    { ORG_ADMIN: true, UNIT_MANAGER: receives, MENTOR: false, CADRE: false, ANALYST: false },
    {
      en: 'Only the receiving unit reports on this posting',
      zh: '只有接收单位可以报送该挂职的情况反馈',
    },
  );

  it('lets every role not answered false call the operation', () => {
    expect(submit.roles).toEqual([Role.ORG_ADMIN, Role.UNIT_MANAGER]);
  });

  it('throws FORBIDDEN with its message when a row-level rule denies', () => {
    expect(() => submit(viewer(Role.UNIT_MANAGER), { receivingUnitId: 1 })).not.toThrow();
    expect(() => submit(viewer(Role.UNIT_MANAGER), { receivingUnitId: 2 })).toThrow(
      expect.objectContaining({
        message: 'Only the receiving unit reports on this posting',
        extensions: { code: 'FORBIDDEN' },
      }),
    );
  });

  it('refuses @Allow for a permission no role has, which type-graphql would open to all', () => {
    const none = permission({
      ORG_ADMIN: false,
      UNIT_MANAGER: false,
      MENTOR: false,
      CADRE: false,
      ANALYST: false,
    });
    expect(() => Allow(none)).toThrow('@Allow needs a permission some role has');
  });
});

describe('field rules', () => {
  it('guard only nullable fields, so a denial nulls the field and not its parent', async () => {
    await createSchema();
    const storage = getMetadataStorage();
    const guarded = storage.middlewares.filter(
      (m) => REGISTRY.resolvers.includes(m.target as never) && m.middlewares.some(isFieldRuleGuard),
    );
    const fields = guarded.map((m) => {
      const resolver = storage.fieldResolvers.find(
        (f) => f.target === m.target && f.methodName === m.fieldName,
      );
      const field = storage.fields.find((f) => f.target === m.target && f.name === m.fieldName);
      return `${m.fieldName}: ${(resolver ?? field)?.typeOptions?.nullable === true ? 'nullable' : 'NOT NULL'}`;
    });
    expect(fields.sort()).toEqual(
      [
        'birthDate: nullable',
        'comments: nullable',
        'findings: nullable',
        'idNumber: nullable',
        'phone: nullable',
      ].sort(),
    );
  });

  it('run before the field and answer FORBIDDEN with the rule’s message when denied', async () => {
    const rule = fieldRule<{ id: number }>(
      { en: 'Personal data', zh: '个人信息' },
      {
        ORG_ADMIN: true,
        UNIT_MANAGER: false,
        MENTOR: false,
        CADRE: (v, row) => v.cadreId === row.id,
        ANALYST: false,
      },
    );
    class Probe {
      secret() {
        return 'secret';
      }
    }
    FieldRule(rule)(
      Probe.prototype,
      'secret',
      Object.getOwnPropertyDescriptor(Probe.prototype, 'secret')!,
    );
    const entry = getMetadataStorage().middlewares.find((m) => m.target === Probe);
    const guard = entry?.middlewares[0] as MiddlewareFn<Context>;
    const call = (role: Role, id: number) => {
      const next = jest.fn(async () => 'secret');
      const data = { root: { id }, context: { viewer: viewer(role) } };
      return { next, result: guard(data as unknown as ResolverData<Context>, next) };
    };
    const own = call(Role.CADRE, 1);
    expect(await own.result).toBe('secret');
    const other = call(Role.CADRE, 2);
    await expect(other.result).rejects.toMatchObject({
      message: 'Personal data',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(other.next).not.toHaveBeenCalled();
    await expect(call(Role.ANALYST, 1).result).rejects.toThrow('Personal data');
  });
});
