import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD, seedDemo } from '../server/seed/demo';
import { DEMO_USERS } from '../server/seed/users';
import { createTestEnv, type TestEnv } from './support/env';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const demoSection = README.slice(README.indexOf('## Demo logins'), README.indexOf('## Example'));

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await seedDemo(env.dataSource);
}, 600_000);
afterAll(() => env.close());

describe('README demo logins', () => {
  it('names the demo password the seed sets', () => {
    expect(demoSection).toContain(`**\`${DEMO_PASSWORD}\`**`);
  });

  it('lists every demo account the seed creates, with the unit or cadre it is wired to', async () => {
    const accounts = await env.dataSource.query<
      { username: string; role: string; unit: string | null; cadre: string | null }[]
    >(
      `SELECT u.username, u.role, un.name AS unit, c.name AS cadre
         FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id LEFT JOIN cadre c ON c.id = u.cadre_id
        WHERE u.is_active ORDER BY u.id`,
    );
    expect(accounts.map((a) => a.username).sort()).toEqual(Object.keys(DEMO_USERS).sort());
    for (const account of accounts) {
      // A range like `manager2` … `manager8` names its ends; every name in it is listed below it.
      expect(demoSection).toContain(`\`${account.username}\``);
      const wiredTo = account.unit ?? account.cadre;
      if (wiredTo) expect(demoSection).toContain(wiredTo);
    }
  });
});

/** Every environment variable the code reads, from its source (server, tests, benchmarks, SDK). */
function variablesRead(): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      // Not generated code, nor the benchmarks' own install (test/bench/peer/node_modules).
      if (entry.isDirectory()) {
        if (entry.name !== 'generated' && entry.name !== 'node_modules') visit(file);
      } else if (/\.(ts|cjs|mjs)$/.test(entry.name)) {
        const source = fs.readFileSync(file, 'utf8');
        for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]);
      }
    }
  };
  for (const dir of ['server', 'test', 'sdk/src']) visit(path.join(__dirname, '..', dir));
  return [...names].sort();
}

describe('README configuration', () => {
  const configuration = README.slice(README.indexOf('## Configuration'), README.indexOf('## Logs'));

  it('documents every variable the code reads, in the configuration section', () => {
    const read = variablesRead();
    expect(read).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'GUAZHI_DATA_DIR', 'BENCH_SCALE']),
    );
    expect(read.filter((name) => !configuration.includes(`\`${name}\``))).toEqual([]);
  });
});
