import { request } from 'node:http';
import {
  CreateApiKeyDocument,
  createGuazhiClient,
  isGuazhiError,
  type GuazhiError,
} from '../sdk/src';
import { Role } from '../server/common/role';
import { readImportFile } from '../server/modules/import/import-reader';
import type { ImportSummary } from '../server/modules/import/import.service';
import { tableOf } from '../server/modules/import/import-kinds';
import { fingerprint } from './support/db-state';
import { createTestEnv, type TestEnv } from './support/env';
import { download } from './support/exports';
import { CADRE_HEADERS, csvText, utf8Bom, xlsxFile } from './support/import-files';
import { buildWorld, login, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

/** An ID number (GB 11643) born on `birth` (YYYYMMDD) with a valid check digit. */
function idNumber(birth: string, sequence: string): string {
  const body = `110101${birth}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const UNITS = csvText([
  ['单位代码', '单位名称', '单位类型', '行政级别', '地区', '上级单位代码'],
  ['IMP001', '导入测试县委', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县', ''],
  ['IMP002', '导入测试县发改局', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县', 'IMP001'],
]);

const ID_A = idNumber('19850312', '011');
const ID_B = idNumber('19900715', '022');
const cadreRow = (name: string, id: string, gender: string, birth: string) => [
  name,
  gender,
  birth,
  id,
  'IMP002',
  '科员',
  '正科',
  '本科',
  '中共党员',
  '否',
  '是',
];
const CADRE_ROWS = [
  CADRE_HEADERS,
  cadreRow('王导入', ID_A, '男', '1985-03-12'),
  cadreRow('赵导入', ID_B, '女', '1990-07-15'),
];

const USERS = csvText([
  ['用户名', '角色', '单位代码', '身份证号'],
  ['imp.manager', 'UNIT_MANAGER', 'IMP002', ''],
  ['imp.cadre', 'CADRE', '', ID_A],
]);

interface Answer {
  status: number;
  body: ImportSummary & { errors: ImportSummary['errors'] };
}
interface Refusal {
  status: number;
  body: { errors: { message: string; extensions: { code: string; rows?: unknown[] } }[] };
}

async function post(
  kind: string,
  file: string | Buffer,
  options: { dryRun?: boolean; token?: string | null } = {},
): Promise<{ status: number; body: unknown }> {
  const token = options.token === undefined ? world.tokens.admin : options.token;
  const query = options.dryRun === undefined ? '' : `?dryRun=${options.dryRun}`;
  const res = await fetch(`${env.baseUrl}/import/${kind}${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: new Uint8Array(typeof file === 'string' ? Buffer.from(file) : file),
  });
  return { status: res.status, body: await res.json() };
}

const imported = (kind: string, file: string | Buffer, dryRun: boolean) =>
  post(kind, file, { dryRun }) as Promise<Answer>;
const refused = (kind: string, file: string | Buffer, token?: string | null) =>
  post(kind, file, { dryRun: true, token }) as Promise<Refusal>;

describe('POST /import/<kind>', () => {
  it('imports units, cadres and users: a dry run writes nothing, a real run creates, a re-import changes nothing', async () => {
    const files: [string, string | Buffer, number][] = [
      ['units', UNITS, 2],
      ['cadres', utf8Bom(csvText(CADRE_ROWS)), 2],
      ['users', USERS, 2],
    ];
    for (const [kind, file, rows] of files) {
      const before = await fingerprint(env.dataSource);
      const dry = await imported(kind, file, true);
      expect(dry.status).toBe(200);
      expect(dry.body).toMatchObject({
        dryRun: true,
        written: false,
        kind,
        rows,
        created: rows,
        errors: [],
      });
      expect(dry.body.oneTimePasswords).toBeUndefined();
      expect(await fingerprint(env.dataSource)).toEqual(before);

      const real = await imported(kind, file, false);
      expect(real.body).toMatchObject({
        dryRun: false,
        written: true,
        kind,
        rows,
        created: rows,
        errors: [],
      });
      const again = await imported(kind, file, false);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: rows, errors: [] });
      if (kind === 'users') {
        expect(real.body.oneTimePasswords?.map((p) => [p.line, p.username])).toEqual([
          [2, 'imp.manager'],
          [3, 'imp.cadre'],
        ]);
        expect(again.body.oneTimePasswords).toEqual([]);
        // A one-time password signs in, and imports nothing until it is changed.
        const otp = real.body.oneTimePasswords![0].password;
        const denied = await refused('units', UNITS, await login(env, 'imp.manager', otp));
        expect([denied.status, denied.body.errors[0].extensions.code]).toEqual([
          403,
          'PASSWORD_CHANGE_REQUIRED',
        ]);
        // Nor does it download anything: every HTTP route holds the same rule as GraphQL.
        const otpToken = await login(env, 'imp.manager', otp);
        for (const route of [
          '/export/cadres.csv',
          '/export/postings.xlsx',
          '/import/templates/cadres.csv',
        ]) {
          const res = await fetch(`${env.baseUrl}${route}`, {
            headers: { authorization: `Bearer ${otpToken}` },
          });
          const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
          expect([route, res.status, body.errors[0].extensions.code]).toEqual([
            route,
            403,
            'PASSWORD_CHANGE_REQUIRED',
          ]);
        }
      }
    }
    const [unit]: { parent: string }[] = await env.dataSource.query(
      `SELECT p.code AS parent FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.code = 'IMP002'`,
    );
    expect(unit.parent).toBe('IMP001');
  });

  it('reports a changed row as updated', async () => {
    const row = cadreRow('王导入', ID_A, '男', '1985-03-12');
    row[5] = '副科长';
    const renamed = [CADRE_ROWS[0], row];
    const { body } = await imported('cadres', csvText(renamed), false);
    expect(body).toMatchObject({ rows: 1, created: 0, updated: 1, unchanged: 0, errors: [] });
  });

  it('refuses a file whose headers are wrong (400), naming each', async () => {
    const file = csvText([
      ['单位代码', '单位名称', '颜色'],
      ['IMP301', '缺列', '红'],
    ]);
    const { status, body } = await refused('units', file);
    expect([status, body.errors[0].extensions.code]).toEqual([400, 'BAD_HEADERS']);
    expect(body.errors[0].extensions.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ column: '颜色', code: 'UNKNOWN_HEADER' })]),
    );
  });

  it('ties every audit entry to its import id and line', async () => {
    const file = csvText([
      ['单位代码', '单位名称', '单位类型', '行政级别', '地区'],
      ['IMP101', '审计测试单位', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县'],
    ]);
    const { body } = await imported('units', file, false);
    const entries: { action: string; reason: string }[] = await env.dataSource.query(
      `SELECT action, reason FROM audit_entry WHERE reason LIKE $1`,
      [`import ${body.importId}%`],
    );
    expect(entries).toEqual([{ action: 'unit.create', reason: `import ${body.importId} line 2` }]);
  });

  it('reads an .xlsx cadres file', async () => {
    const rows = [
      CADRE_HEADERS,
      cadreRow('钱表格', idNumber('19881120', '031'), '男', '1988-11-20'),
    ];
    const { status, body } = await imported('cadres', await xlsxFile(rows), false);
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 1, created: 1, errors: [] });
  });

  it('lists every bad row, duplicates in the file included, and writes nothing', async () => {
    const file = csvText([
      ['单位代码', '单位名称', '单位类型', '行政级别', '地区', '上级单位代码'],
      ['IMP201', '好单位', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县', ''],
      ['IMP202', '坏类型', 'NOT_A_KIND', 'COUNTY', '导入县', ''],
      ['IMP203', '无上级', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县', 'NOPE'],
      ['imp201', '重复', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县', ''],
    ]);
    const before = await fingerprint(env.dataSource);
    const { status, body } = await imported('units', file, false);
    expect(status).toBe(200);
    expect(body.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, '单位类型', 'INVALID_CHOICE'],
      [4, '上级单位代码', 'UNKNOWN_UNIT_CODE'],
      [5, '单位代码', 'DUPLICATE_IN_FILE'],
    ]);
    expect(body.rows).toBe(4);
    // The good row is counted as what a clean run would create, and marked as not written.
    expect([body.written, body.created]).toEqual([false, 1]);
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });

  it('refuses a file of the wrong type (415), an empty file (400), an unknown kind (404)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const wrong = await refused('units', png);
    expect([wrong.status, wrong.body.errors[0].extensions.code]).toEqual([
      415,
      'UNSUPPORTED_FILE_TYPE',
    ]);
    const empty = await refused('units', '');
    expect([empty.status, empty.body.errors[0].extensions.code]).toEqual([400, 'EMPTY_FILE']);
    const unknown = await refused('postings', UNITS);
    expect(unknown.status).toBe(404);
  });

  it('refuses a body declared larger than the limit (413) before reading it', async () => {
    const url = new URL(`${env.baseUrl}/import/units`);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${world.tokens.admin}`,
          'content-length': String(20 * 1024 * 1024 + 1),
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write('单位代码\n');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('FILE_TOO_LARGE');
  });

  it('takes an ORG_ADMIN API key', async () => {
    const res = await env.graphql(
      CreateApiKeyDocument,
      { input: { name: 'import system', role: Role.ORG_ADMIN, unitId: null } },
      world.tokens.admin,
    );
    const answer = await refused('units', UNITS, res.data!.createApiKey.secret!);
    expect(answer.status).toBe(200);
  });

  it('answers 401 to anonymous callers and 403 to an analyst', async () => {
    const anonymous = await refused('units', UNITS, null);
    expect([anonymous.status, anonymous.body.errors[0].extensions.code]).toEqual([
      401,
      'UNAUTHENTICATED',
    ]);
    const analyst = await refused('units', UNITS, world.tokens.analyst);
    expect([analyst.status, analyst.body.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('client.importFile', () => {
  it('imports a file with the SDK, and says why one is refused', async () => {
    const client = createGuazhiClient({ url: env.url, token: world.tokens.admin });
    const file = csvText([
      ['单位代码', '单位名称', '单位类型', '行政级别', '地区'],
      ['SDK001', 'SDK测试单位', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县'],
    ]);
    const bytes = new TextEncoder().encode(file);
    const dry = await client.importFile('units', bytes, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 1, errors: [] });
    const real = await client.importFile('units', new Blob([bytes]));
    expect(real).toMatchObject({ dryRun: false, created: 1, errors: [] });
    const refusal = await client
      .importFile('units', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))
      .catch((error: unknown) => error);
    expect(isGuazhiError(refusal)).toBe(true);
    expect([(refusal as GuazhiError).status, (refusal as GuazhiError).code]).toEqual([
      415,
      'UNSUPPORTED_FILE_TYPE',
    ]);
  });
});

describe('GET /import/templates/<kind>.<format>', () => {
  it.each(['xlsx', 'csv'] as const)(
    'gives a %s template whose example row the reader skips',
    async (format) => {
      const res = await download(env, `/import/templates/cadres.${format}`, world.tokens.analyst);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="cadres-template.${format}"; filename*=UTF-8''${encodeURIComponent('干部导入模板')}.${format}`,
      );
      await expect(readImportFile(res.body, tableOf('cadres'))).rejects.toMatchObject({
        code: 'NO_DATA_ROWS',
      });
    },
  );

  it('is for signed-in users', async () => {
    expect((await download(env, '/import/templates/units.csv')).status).toBe(401);
  });
});
