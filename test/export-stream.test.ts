import { AuthService } from '../server/modules/auth/auth.service';
import { REGISTRY } from '../server/modules';
import { EXPORT_KINDS } from '../server/modules/export/export.routes';
import { exportService } from '../server/modules/export/export.service';
import { createContext } from '../server/context';
import { createTestEnv, type TestEnv } from './support/env';
import { csvSheet, stalled } from './support/exports';
import { buildWorld, type World } from './support/world';

/** Many more cadres than fit in any buffer between the database and a client: 60 pages. */
const CADRES = 60_000;

let env: TestEnv;
let world: World;
let total: number;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  await env.dataSource.query(
    `INSERT INTO cadre (name, gender, birth_date, education, political_status, home_unit_id,
       position_title, rank, id_number, phone)
     SELECT '干部' || i, 'FEMALE', DATE '1980-01-01' + i % 5000, 'MASTER', 'CPC_MEMBER', $1,
       '科员', 'STAFF', lpad(i::text, 17, '0') || 'X', '13900000000'
     FROM generate_series(1, $2) AS i`,
    [world.units.unitC.id, CADRES],
  );
  await env.dataSource.query('ANALYZE cadre');
  [{ total }] = await env.dataSource.query('SELECT count(*)::int AS total FROM cadre');
});
afterAll(() => env.close());

/** The export statements the server has run since the last reset (one per page of 1 000). */
const pagesRead = () =>
  env.statements.statements.filter((sql) => sql.includes('/* export page */')).length;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a streamed export', () => {
  it('writes every row in pages of 1 000', async () => {
    env.statements.reset();
    const res = await fetch(`${env.baseUrl}/export/cadres.csv`, {
      headers: { authorization: `Bearer ${world.tokens.analyst}` },
    });
    const sheet = csvSheet(Buffer.from(await res.arrayBuffer()));
    expect(sheet.rows).toHaveLength(total);
    expect(new Set(sheet.rows.map((r) => r['编号'])).size).toBe(total);
    expect(pagesRead()).toBe(Math.floor(total / 1000) + 1);
  });

  it('stops reading pages when the client disconnects', async () => {
    env.statements.reset();
    const client = new AbortController();
    const res = await fetch(`${env.baseUrl}/export/cadres.csv`, {
      headers: { authorization: `Bearer ${world.tokens.admin}` },
      signal: client.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    client.abort();
    await pause(300);
    const afterAbort = pagesRead();
    await pause(700);
    expect(pagesRead()).toBe(afterAbort);
    expect(afterAbort).toBeLessThan(total / 1000 / 2);
  });

  it.each(['csv', 'xlsx'] as const)(
    'reads no page ahead of a %s destination that stopped taking bytes, and finishes once it takes them',
    async (format) => {
      const ctx = await createContext(
        {
          dataSource: env.dataSource,
          config: env.config,
          auth: new AuthService(env.dataSource, env.config),
          registry: REGISTRY,
        },
        { authorization: `Bearer ${world.tokens.admin}`, clientIp: 'test' },
      );
      const prepared = await exportService.prepare(ctx, {
        kind: EXPORT_KINDS.cadres,
        format,
        filter: undefined,
      });
      const { out, release } = stalled();
      env.statements.reset();
      const writing = prepared.write(out, new AbortController().signal);
      await pause(1000);
      expect(pagesRead()).toBeLessThanOrEqual(3);
      release();
      expect(await writing).toBe(total);
      expect(pagesRead()).toBe(Math.floor(total / 1000) + 1);
    },
  );
});
