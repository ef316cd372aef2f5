import {
  CreateApiKeyDocument,
  createGuazhiClient,
  isGuazhiError,
  type GuazhiError,
} from '../sdk/src';
import { Role } from '../server/common/role';
import {
  AuditTrailDocument,
  ExportedCadresDocument,
  ExportedEvaluationsDocument,
  ExportedPostingsDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { csvSheet, download, errorOf, xlsxSheet, type Sheet } from './support/exports';
import { buildWorld, cadre, gid, login, user, type World } from './support/world';

let env: TestEnv;
let world: World;

const ATTACK = "=cmd|' /C calc'!A0";

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await cadre(env.dataSource, { name: ATTACK, homeUnitId: world.units.unitC.id });
});
afterAll(() => env.close());

async function csv(path: string, token: string): Promise<Sheet> {
  const res = await download(env, path, token);
  expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
  return csvSheet(res.body);
}

const ids = (sheet: Sheet) => sheet.rows.map((row) => row['编号']).sort();

async function graphqlPostings(token: string, filter = {}) {
  const res = await env.graphql(ExportedPostingsDocument, { filter }, token);
  return res.data!.postings;
}

describe('GET /export/postings', () => {
  it('gives the org department every posting GraphQL lists, with Chinese headers, labels and dates', async () => {
    const sheet = await csv('/export/postings.csv', world.tokens.admin);
    const listed = await graphqlPostings(world.tokens.admin);
    expect(sheet.rows).toHaveLength(listed.totalCount);
    expect(ids(sheet)).toEqual(listed.nodes.map((n) => n.id).sort());
    expect(sheet.headers).toEqual([
      '编号',
      '干部姓名',
      '派出单位',
      '接收单位',
      '挂职类型',
      '挂职职务',
      '挂职职级',
      '急难险重领域',
      '是否实职',
      '开始日期',
      '计划结束日期',
      '实际结束日期',
      '状态',
      '帮带导师',
      '期满考核等次',
    ]);
    const active = sheet.rows.find((r) => r['编号'] === gid('Posting', world.postings.active.id))!;
    expect(active).toMatchObject({
      干部姓名: '李明',
      派出单位: '市发展和改革委员会',
      接收单位: '青山镇人民政府',
      挂职类型: '下派基层',
      挂职职级: '正科',
      急难险重领域: '',
      是否实职: '是',
      开始日期: '2026-03-01',
      计划结束日期: '2027-02-28',
      实际结束日期: '',
      状态: '在岗',
      帮带导师: '陈志强',
      期满考核等次: '',
    });
    const completed = sheet.rows.find(
      (r) => r['编号'] === gid('Posting', world.postings.completed.id),
    )!;
    expect(completed).toMatchObject({ 状态: '期满返回', 期满考核等次: '优秀', 帮带导师: '' });
  });

  it('gives a unit manager exactly its GraphQL rows, leaving empty the related rows it may not read', async () => {
    const token = world.tokens.managerB;
    const sheet = await csv('/export/postings.csv', token);
    const listed = await graphqlPostings(token);
    expect(ids(sheet)).toEqual(listed.nodes.map((n) => n.id).sort());
    // Every related name is what GraphQL shows this manager: the completed posting's cadre (sent
    // by unit A, back home) is null in GraphQL and empty here.
    for (const node of listed.nodes) {
      const row = sheet.rows.find((r) => r['编号'] === node.id)!;
      expect([node.id, row['干部姓名']]).toEqual([node.id, node.cadre?.name ?? '']);
      expect(row['帮带导师']).toBe(node.mentorship?.mentor?.name ?? '');
      expect(row['接收单位']).toBe(node.receivingUnit.name);
    }
    const completed = sheet.rows.find(
      (r) => r['编号'] === gid('Posting', world.postings.completed.id),
    )!;
    expect(completed['干部姓名']).toBe('');
    const text = (await download(env, '/export/postings.csv', token)).body.toString('utf8');
    expect(text).not.toContain('张丽');
    expect(text).not.toContain(gid('Posting', world.postings.elsewhere.id));
  });

  it('takes the list filters as query parameters, as GraphQL takes them', async () => {
    const { unitA, unitB } = world.units;
    const cases: [string, object][] = [
      ['status=ACTIVE', { status: ['ACTIVE'] }],
      ['status=COMPLETED,TERMINATED', { status: ['COMPLETED', 'TERMINATED'] }],
      ['type=UPWARD&status=ACTIVE', { type: ['UPWARD'], status: ['ACTIVE'] }],
      [`receivingUnitIds=${gid('Unit', unitB.id)}`, { receivingUnitIds: [gid('Unit', unitB.id)] }],
      [
        `sendingUnitIds=${gid('Unit', unitA.id)}&sendingUnitIds=${gid('Unit', unitB.id)}`,
        { sendingUnitIds: [gid('Unit', unitA.id), gid('Unit', unitB.id)] },
      ],
      ['startDate.from=2026-01-01', { startDate: { from: '2026-01-01' } }],
      [
        'startDate.to=2025-12-31&isSubstantive=true',
        { startDate: { to: '2025-12-31' }, isSubstantive: true },
      ],
    ];
    for (const [query, filter] of cases) {
      const sheet = await csv(`/export/postings.csv?${query}`, world.tokens.admin);
      const listed = await graphqlPostings(world.tokens.admin, filter);
      expect([query, ids(sheet)]).toEqual([query, listed.nodes.map((n) => n.id).sort()]);
    }
    const active = await csv('/export/postings.csv?status=ACTIVE', world.tokens.admin);
    expect(active.rows.length).toBeGreaterThan(0);
    expect(active.rows.every((r) => r['状态'] === '在岗')).toBe(true);
  });

  it('names the file in Chinese with the date, as an attachment nobody caches', async () => {
    const res = await download(env, '/export/postings.xlsx', world.tokens.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = res.headers.get('content-disposition')!;
    const match =
      /^attachment; filename="postings-(\d{4}-\d{2}-\d{2})\.xlsx"; filename\*=UTF-8''(.+)$/.exec(
        disposition,
      );
    expect(match).not.toBeNull();
    expect(decodeURIComponent(match![2])).toBe(`挂职信息-${match![1]}.xlsx`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const sheet = await xlsxSheet(res.body);
    expect(sheet.name).toBe('挂职信息');
    const asCsv = await csv('/export/postings.csv', world.tokens.admin);
    expect(sheet.headers).toEqual(asCsv.headers);
    expect(sheet.rows).toEqual(asCsv.rows);
  });
});

describe('GET /export/cadres', () => {
  const PERSONAL = ['出生日期', '身份证号', '联系电话'];

  it('gives the org department personal data and writes an audit entry of who, which list, which filter and how many rows', async () => {
    const res = await download(env, '/export/cadres.xlsx?isLeadership=false', world.tokens.admin);
    expect(res.status).toBe(200);
    const sheet = await xlsxSheet(res.body);
    const listed = await env.graphql(
      ExportedCadresDocument,
      { filter: { isLeadership: false } },
      world.tokens.admin,
    );
    expect(ids(sheet)).toEqual(listed.data!.cadres.nodes.map((n) => n.id).sort());
    for (const header of PERSONAL) expect(sheet.headers).toContain(header);
    const li = sheet.rows.find((r) => r['姓名'] === '李明')!;
    expect(li).toMatchObject({
      性别: '男',
      出生年份: '1988',
      出生日期: '1988-05-17',
      身份证号: world.cadres.cadreA1.idNumber,
      联系电话: '13800000000',
      学历: '本科',
      政治面貌: '中共党员',
      单位代码: world.units.unitA.code,
      所在单位: '市发展和改革委员会',
      职级: '正科',
      班子成员: '否',
    });
    const trail = await env.graphql(
      AuditTrailDocument,
      { filter: { action: ['cadre.export'] } },
      world.tokens.admin,
    );
    const entries = trail.data!.auditEntries.nodes;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      entity: 'Cadre',
      actor: { username: 'admin' },
      after: {
        list: 'cadres',
        format: 'xlsx',
        filter: { isLeadership: false },
        rows: sheet.rows.length,
        columns: sheet.headers,
      },
    });
  });

  it('gives an analyst no personal data at all, and audits nothing', async () => {
    const res = await download(env, '/export/cadres.csv', world.tokens.analyst);
    const sheet = csvSheet(res.body);
    const listed = await env.graphql(ExportedCadresDocument, {}, world.tokens.analyst);
    expect(ids(sheet)).toEqual(listed.data!.cadres.nodes.map((n) => n.id).sort());
    for (const header of PERSONAL) expect(sheet.headers).not.toContain(header);
    expect(sheet.headers).toContain('出生年份');
    const text = res.body.toString('utf8');
    expect(text).not.toContain(world.cadres.cadreA1.idNumber);
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain('1988-05-17');
    const trail = await env.graphql(
      AuditTrailDocument,
      { filter: { action: ['cadre.export'] } },
      world.tokens.admin,
    );
    expect(trail.data!.auditEntries.totalCount).toBe(1);
  });

  it('answers HEAD with the headers alone: no rows read, nothing audited', async () => {
    env.statements.reset();
    const res = await fetch(`${env.baseUrl}/export/cadres.csv`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${world.tokens.admin}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cadres-/);
    expect(env.statements.statements.filter((sql) => /export page|audit_entry/.test(sql))).toEqual(
      [],
    );
  });

  it("gives a unit manager its unit's cadres and those it hosts, without personal data", async () => {
    const sheet = await csv('/export/cadres.csv', world.tokens.managerB);
    const listed = await env.graphql(ExportedCadresDocument, {}, world.tokens.managerB);
    expect(ids(sheet)).toEqual(listed.data!.cadres.nodes.map((n) => n.id).sort());
    expect(sheet.rows.map((r) => r['姓名']).sort()).toEqual(['刘洋', '李明', '陈志强'].sort());
    for (const header of PERSONAL) expect(sheet.headers).not.toContain(header);
  });

  it('neutralises a name a spreadsheet would run as a formula, in CSV and .xlsx', async () => {
    const filter = `nameContains=${encodeURIComponent('cmd|')}`;
    const fromCsv = await csv(`/export/cadres.csv?${filter}`, world.tokens.admin);
    expect(fromCsv.rows.map((r) => r['姓名'])).toEqual([`'${ATTACK}`]);
    const res = await download(env, `/export/cadres.xlsx?${filter}`, world.tokens.admin);
    const fromXlsx = await xlsxSheet(res.body);
    expect(fromXlsx.rows.map((r) => r['姓名'])).toEqual([`'${ATTACK}`]);
  });
});

describe('GET /export/evaluations', () => {
  it('gives each role the evaluations GraphQL lists it, narratives only where its role reads them', async () => {
    for (const [role, narrative] of [
      ['admin', true],
      ['managerB', true],
      ['analyst', false],
    ] as const) {
      const token = world.tokens[role];
      const sheet = await csv('/export/evaluations.csv', token);
      const listed = await env.graphql(ExportedEvaluationsDocument, {}, token);
      expect([role, ids(sheet)]).toEqual([
        role,
        listed.data!.evaluations.nodes.map((n) => n.id).sort(),
      ]);
      expect([role, sheet.headers.includes('评语'), sheet.headers.includes('考察发现')]).toEqual([
        role,
        narrative,
        narrative,
      ]);
      for (const node of listed.data!.evaluations.nodes) {
        const row = sheet.rows.find((r) => r['编号'] === node.id)!;
        expect(row['干部姓名']).toBe(node.posting?.cadre?.name ?? '');
      }
    }
    const admin = await csv('/export/evaluations.csv?kind=FINAL', world.tokens.admin);
    expect(admin.rows).toHaveLength(1);
    expect(admin.rows[0]).toMatchObject({
      考核类型: '期满考核',
      考核日期: '2025-12-20',
      状态: '已定稿',
      考核等次: '优秀',
      政治表现: '90',
      平均分: '88.14',
      评语: '表现突出，敢于担当',
    });
  });
});

describe('refused exports', () => {
  it('answer an anonymous or badly signed caller 401 UNAUTHENTICATED, in GraphQL’s shape', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await download(env, '/export/postings.csv', token);
      expect([res.status, errorOf(res).code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('answer mentors and cadres 403 FORBIDDEN', async () => {
    for (const role of ['mentor', 'cadre'] as const) {
      const res = await download(env, '/export/postings.xlsx', world.tokens[role]);
      expect([role, res.status, errorOf(res).code]).toEqual([role, 403, 'FORBIDDEN']);
    }
  });

  it('answer 404 NOT_FOUND for a list or format there is none of', async () => {
    for (const path of ['/export/units.csv', '/export/postings.pdf', '/export/__proto__.csv']) {
      const res = await download(env, path, world.tokens.admin);
      expect([path, res.status, errorOf(res).code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('answer a bad filter 400 BAD_USER_INPUT naming the parameter, never a 500 or SQL', async () => {
    const cases: [string, string][] = [
      ['status=BOGUS', 'status'],
      ['colour=red', 'colour'],
      ['__proto__.x=1', '__proto__.x'],
      ['startDate.from=2026-13-45', 'startDate.from'],
      ['startDate=2026-01-01', 'startDate'],
      ['startDate=x&startDate.from=2026-01-01', 'startDate.from'],
      ['isSubstantive=perhaps', 'isSubstantive'],
      ['isSubstantive=true&isSubstantive=false', 'isSubstantive'],
      ['receivingUnitIds=not-an-id', 'filter.receivingUnitIds'],
      [`receivingUnitIds=${gid('Cadre', 1)}`, 'filter.receivingUnitIds'],
      ['cadreIds[a]=1', 'cadreIds[a]'],
    ];
    for (const [query, field] of cases) {
      const res = await download(env, `/export/postings.csv?${query}`, world.tokens.admin);
      const error = errorOf(res);
      expect([query, res.status, error.code, error.field]).toEqual([
        query,
        400,
        'BAD_USER_INPUT',
        field,
      ]);
      expect(error.message).not.toMatch(/SELECT|WHERE|posting\./);
    }
  });
});

describe('API keys', () => {
  async function apiKey(role: 'ANALYST' | 'UNIT_MANAGER' | 'ORG_ADMIN', unitId?: number) {
    const res = await env.graphql(
      CreateApiKeyDocument,
      {
        input: {
          name: `export ${role}`,
          role,
          unitId: unitId === undefined ? null : gid('Unit', unitId),
        },
      },
      world.tokens.admin,
    );
    return res.data!.createApiKey.secret!;
  }

  it('authenticate exports as they do GraphQL: the key’s role and unit decide rows and columns', async () => {
    const manager = await apiKey('UNIT_MANAGER', world.units.unitB.id);
    const viaKey = await csv('/export/postings.csv', manager);
    const viaLogin = await csv('/export/postings.csv', world.tokens.managerB);
    expect(viaKey.rows).toEqual(viaLogin.rows);

    const analyst = await csv('/export/cadres.csv', await apiKey('ANALYST'));
    expect(analyst.headers).not.toContain('身份证号');

    const admin = await csv('/export/cadres.csv?gender=FEMALE', await apiKey('ORG_ADMIN'));
    expect(admin.headers).toContain('身份证号');
    const trail = await env.graphql(
      AuditTrailDocument,
      { filter: { action: ['cadre.export'] } },
      world.tokens.admin,
    );
    expect(trail.data!.auditEntries.nodes.at(-1)).toMatchObject({
      actor: null,
      after: { filter: { gender: 'FEMALE' }, rows: admin.rows.length },
    });
  });
});

describe('the SDK', () => {
  it('builds export URLs beside the endpoint with the filter as query parameters', () => {
    const client = createGuazhiClient({ url: 'https://gov.example/api/graphql' });
    expect(
      client.exportUrl('postings', 'xlsx', {
        status: ['ACTIVE', 'PLANNED'],
        startDate: { from: '2026-01-01' },
        isSubstantive: true,
        type: null,
      }),
    ).toBe(
      'https://gov.example/api/export/postings.xlsx?status=ACTIVE&status=PLANNED&startDate.from=2026-01-01&isSubstantive=true',
    );
    expect(client.exportUrl('cadres', 'csv')).toBe('https://gov.example/api/export/cadres.csv');
  });

  it('downloads an export as an admin and as an analyst (user story 3), and says why one is refused', async () => {
    await user(env.dataSource, 'analyst_sdk', Role.ANALYST);
    const client = createGuazhiClient({ url: env.url });
    for (const [username, personal] of [
      ['admin', true],
      ['analyst_sdk', false],
    ] as const) {
      client.setToken(await login(env, username));
      const file = await client.export('cadres', 'xlsx', {
        homeUnitIds: [gid('Unit', world.units.unitA.id)],
      });
      expect(file.filename).toMatch(/^干部名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const sheet = await xlsxSheet(Buffer.from(await (await file.blob()).arrayBuffer()));
      expect(sheet.rows.map((r) => r['姓名']).sort()).toEqual(['张丽', '李明', '王建国'].sort());
      expect([username, sheet.headers.includes('身份证号')]).toEqual([username, personal]);
    }
    const refused = await client
      .export('postings', 'csv', { status: ['BOGUS' as never] })
      .catch((error: unknown) => error);
    expect(isGuazhiError(refused)).toBe(true);
    expect([(refused as GuazhiError).status, (refused as GuazhiError).code]).toEqual([
      400,
      'BAD_USER_INPUT',
    ]);
  });
});
