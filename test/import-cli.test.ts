import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY } from '../server/modules';
import { AuthService } from '../server/modules/auth/auth.service';
import { runImportCommand, UsageError } from '../server/modules/import/import.cli';
import { fingerprint } from './support/db-state';
import { createTestEnv, type TestEnv } from './support/env';
import { csvText } from './support/import-files';

let env: TestEnv;
const dir = mkdtempSync(join(tmpdir(), 'guazhi-import-'));

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, csvText(rows));
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const deps = {
    dataSource: env.dataSource,
    config: env.config,
    auth: new AuthService(env.dataSource, env.config),
    registry: REGISTRY,
  };
  const code = await runImportCommand(argv, deps, (line) => out.push(line));
  return { code, out };
}

const HEADERS = ['单位代码', '单位名称', '单位类型', '行政级别', '地区'];

describe('npm run import', () => {
  it('dry-runs, imports and re-imports a units file as a system ORG_ADMIN, audited', async () => {
    const path = file('units.csv', [
      HEADERS,
      ['CLI001', '命令行单位', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县'],
    ]);
    const before = await fingerprint(env.dataSource);
    const dry = await run('units', path, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toMatch(/units \(dry run\), 1 rows: 1 created, 0 updated, 0 unchanged/);
    expect(await fingerprint(env.dataSource)).toEqual(before);

    expect((await run('units', path)).out[0]).toMatch(/1 created/);
    expect((await run('units', path)).out[0]).toMatch(/0 created, 0 updated, 1 unchanged/);
    const [entry]: { reason: string }[] = await env.dataSource.query(
      `SELECT reason FROM audit_entry WHERE action = 'unit.create' AND reason LIKE 'import %'`,
    );
    expect(entry.reason).toMatch(/^import [0-9a-f-]{36} line 2$/);
  });

  it('prints every bad row and exits 1', async () => {
    const path = file('bad.csv', [
      HEADERS,
      ['CLI101', '坏类型', 'NOT_A_KIND', 'COUNTY', '导入县'],
      ['CLI102', '', 'GOVERNMENT_DEPARTMENT', 'COUNTY', '导入县'],
    ]);
    const { code, out } = await run('units', path);
    expect(code).toBe(1);
    expect(out.slice(1)).toEqual([
      expect.stringMatching(/^ {2}line 2 \[单位类型\] INVALID_CHOICE: /),
      expect.stringMatching(/^ {2}line 3 \[单位名称\] REQUIRED: /),
      'nothing was written',
    ]);
  });

  it('refuses a wrong command line', async () => {
    await expect(run('postings', 'x.csv')).rejects.toBeInstanceOf(UsageError);
    await expect(run('units')).rejects.toBeInstanceOf(UsageError);
    await expect(run('units', join(dir, 'missing.csv'))).rejects.toBeInstanceOf(UsageError);
  });
});
