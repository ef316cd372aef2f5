import { CADRE_READ_ONLY_HEADERS, CADRE_TABLE } from '../server/modules/import/cadres.table';
import { fieldsOf } from '../server/modules/import/columns';
import type { ImportSummary } from '../server/modules/import/import.service';
import { IMPORT_KINDS, type ImportKind } from '../server/modules/import/import-kinds';
import { createTestEnv, type TestEnv } from './support/env';
import { csvSheet, download, xlsxSheet } from './support/exports';
import { loadWorkbook } from './support/import-files';
import { buildWorld, type World } from './support/world';

let env: TestEnv;
let world: World;

/** A valid ID number (GB 11643) for a birth day and gender: the import checks all three agree. */
function idNumber(birthDate: string, gender: string, row: number): string {
  const sequence = String(row * 2 + (gender === 'MALE' ? 1 : 0)).padStart(3, '0');
  const body = `110101${birthDate.replace(/-/g, '')}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  // The test world's ID numbers need not pass the import's checks; an HR list's do.
  const cadres: { id: number; birth: string; gender: string }[] = await env.dataSource.query(
    `SELECT id, to_char(birth_date, 'YYYY-MM-DD') AS birth, gender FROM cadre`,
  );
  for (const cadre of cadres) {
    await env.dataSource.query('UPDATE cadre SET id_number = $2 WHERE id = $1', [
      cadre.id,
      idNumber(cadre.birth, cadre.gender, cadre.id),
    ]);
  }
  // A departed cadre is exported (with its status) and imports back unchanged like the others.
  await env.dataSource.query(
    `UPDATE cadre SET status = 'RETIRED', departed_on = current_date WHERE id = $1`,
    [world.cadres.cadreA1.id],
  );
});
afterAll(() => env.close());

type Refusal = { errors: { message: string; extensions: { code: string } }[] };

async function dryRun(kind: ImportKind, file: Buffer): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${env.baseUrl}/import/${kind}?dryRun=true`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      authorization: `Bearer ${world.tokens.admin}`,
    },
    body: new Uint8Array(file),
  });
  return { status: res.status, body: await res.json() };
}

/** `filename*` decoded and the ASCII `filename` of an attachment. */
function fileNames(disposition: string | null): { ascii: string; name: string } {
  const match =
    /^attachment; filename="([\x20-\x7e]+)"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$/.exec(
      disposition ?? '',
    );
  if (!match) throw new Error(`Not an RFC 6266 attachment: ${disposition}`);
  return { ascii: match[1], name: decodeURIComponent(match[2]) };
}

describe('a cadres export edited and imported back', () => {
  it.each(['xlsx', 'csv'] as const)(
    'imports back as every row unchanged when the .%s file is not edited',
    async (format) => {
      const res = await download(env, `/export/cadres.${format}`, world.tokens.admin);
      expect(res.status).toBe(200);
      const sheet = format === 'csv' ? csvSheet(res.body) : await xlsxSheet(res.body);
      expect(sheet.rows.length).toBeGreaterThan(3);
      const answer = await dryRun('cadres', res.body);
      expect(answer.status).toBe(200);
      const summary = answer.body as ImportSummary;
      expect(summary.errors).toEqual([]);
      expect(summary).toMatchObject({
        written: false,
        rows: sheet.rows.length,
        created: 0,
        updated: 0,
        unchanged: sheet.rows.length,
      });
    },
  );

  it('writes the import’s headers and labels, with the read-only columns and the status', async () => {
    const sheet = csvSheet((await download(env, '/export/cadres.csv', world.tokens.admin)).body);
    const importHeaders = fieldsOf(CADRE_TABLE).map((field) => CADRE_TABLE[field].header);
    expect(sheet.headers.filter((h) => importHeaders.includes(h))).toEqual(importHeaders);
    expect(sheet.headers.filter((h) => !importHeaders.includes(h)).sort()).toEqual(
      Object.values(CADRE_READ_ONLY_HEADERS).sort(),
    );
    const retired = sheet.rows.find((r) => r['姓名'] === world.cadres.cadreA1.name)!;
    expect(retired['在职状态']).toBe('退休');
    expect(sheet.rows.filter((r) => r['在职状态'] === '在职').length).toBe(sheet.rows.length - 1);
    expect(retired['选调生']).toMatch(/^[是否]$/);
  });

  it('reports an edited cell as updated and a bad one with its column, after a round trip', async () => {
    const sheet = csvSheet((await download(env, '/export/cadres.csv', world.tokens.admin)).body);
    const csv = (rows: Record<string, string>[]) =>
      Buffer.from(
        [sheet.headers, ...rows.map((r) => sheet.headers.map((h) => r[h]))]
          .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
          .join('\r\n'),
      );
    const [first, second, ...rest] = sheet.rows;
    const edited = [
      { ...first, 职务: `${first['职务']}（兼）` },
      { ...second, 职级: '大官' },
      ...rest,
    ];
    const summary = (await dryRun('cadres', csv(edited))).body as ImportSummary;
    expect(summary.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [3, '职级', 'INVALID_CHOICE'],
    ]);
    expect(summary.updated).toBe(1);
  });
});

describe('the templates as downloaded', () => {
  it.each(IMPORT_KINDS)(
    'import nothing from the %s template’s example row, and say why',
    async (kind) => {
      for (const format of ['xlsx', 'csv'] as const) {
        const res = await download(env, `/import/templates/${kind}.${format}`, world.tokens.admin);
        const answer = await dryRun(kind, res.body);
        const { extensions, message } = (answer.body as Refusal).errors[0];
        expect([format, answer.status, extensions.code]).toEqual([format, 400, 'NO_DATA_ROWS']);
        expect(message).toContain('示例');
      }
    },
  );

  it('import the rows filled in below the example, the example still skipped', async () => {
    const template = await download(env, '/import/templates/units.xlsx', world.tokens.admin);
    const workbook = await loadWorkbook(template.body);
    const data = workbook.worksheets[0];
    expect(data.getRow(2).getCell(1).value).toBe('示例');
    data.addRow(['1', 'RT001', '往返测试局', '政府部门', '县级', '测试县', '否', '']);
    const answer = await dryRun('units', Buffer.from(await workbook.xlsx.writeBuffer()));
    const summary = answer.body as ImportSummary;
    expect([answer.status, summary.errors, summary.rows, summary.created]).toEqual([200, [], 1, 1]);
  });
});

describe('download names', () => {
  it.each([
    ['/import/templates/cadres.xlsx', '干部导入模板.xlsx', 'cadres-template.xlsx'],
    ['/import/templates/units.csv', '单位导入模板.csv', 'units-template.csv'],
    ['/import/templates/users.xlsx', '用户账号导入模板.xlsx', 'users-template.xlsx'],
  ])('name %s in Chinese with an ASCII fallback', async (path, name, ascii) => {
    const res = await download(env, path, world.tokens.admin);
    expect(fileNames(res.headers.get('content-disposition'))).toEqual({ ascii, name });
  });

  it('name an export in Chinese with its date, as 干部名单-<date>.xlsx', async () => {
    const res = await download(env, '/export/cadres.xlsx', world.tokens.admin);
    const { ascii, name } = fileNames(res.headers.get('content-disposition'));
    const date = /^cadres-(\d{4}-\d{2}-\d{2})\.xlsx$/.exec(ascii)![1];
    expect(name).toBe(`干部名单-${date}.xlsx`);
  });
});
