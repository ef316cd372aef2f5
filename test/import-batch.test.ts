/**
 * The cadre import writes a chunk of rows at a time (issue #8, speed): these tests hold it to what
 * the row-by-row import meant. A bad row in a later chunk is listed and nothing is written; every
 * created or changed cadre has its one audit entry, tied to the import; a cadre created by an
 * administrator while the import runs is one record, and the import's row a row error (no 500).
 */
import { Client } from 'pg';
import { CreateCadreDocument } from '../sdk/src';
import { idNumberCheckDigit } from '../server/modules/cadre/id-number';
import { IMPORT_CHUNK_ROWS, type ImportSummary } from '../server/modules/import/import.service';
import { fingerprint } from './support/db-state';
import { createTestEnv, type TestEnv } from './support/env';
import { CADRE_HEADERS, csvText } from './support/import-files';
import { mutate } from './support/mutations';
import { buildWorld, gid, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

/** A valid ID number per `n`: the birth day and the sequence (with its gender) from `n`. */
function person(n: number): { idNumber: string; birthDate: string; gender: string } {
  const day = new Date(Date.UTC(1970, 0, 1) + (n % 9000) * 86_400_000).toISOString().slice(0, 10);
  const sequence = String(100 + Math.floor(n / 9000) * 2 + (n % 2)).padStart(3, '0');
  const first17 = `440306${day.replaceAll('-', '')}${sequence}`;
  return {
    idNumber: first17 + idNumberCheckDigit(first17),
    birthDate: day,
    gender: Number(sequence) % 2 === 1 ? '男' : '女',
  };
}

/** One cadre row of the HR sheet (CADRE_HEADERS), of unit A unless told otherwise. */
function row(n: number, overrides: { title?: string; unitCode?: string } = {}): string[] {
  const { idNumber, birthDate, gender } = person(n);
  return [
    `批量${n}`,
    gender,
    birthDate,
    idNumber,
    overrides.unitCode ?? world.units.unitA.code,
    overrides.title ?? '科员',
    '正科',
    '本科',
    '中共党员',
    '否',
    '否',
  ];
}

async function importCadres(rows: string[][], dryRun = false) {
  const res = await fetch(`${env.baseUrl}/import/cadres?dryRun=${dryRun}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/octet-stream',
      authorization: `Bearer ${world.tokens.admin}`,
    },
    body: Buffer.from(csvText([CADRE_HEADERS, ...rows])),
  });
  return { status: res.status, body: (await res.json()) as ImportSummary };
}

const auditEntriesOf = async (importId: string): Promise<number> =>
  (
    await env.dataSource.query('SELECT count(*)::int AS n FROM audit_entry WHERE reason LIKE $1', [
      `import ${importId} line %`,
    ])
  )[0].n;

const ROWS = 2 * IMPORT_CHUNK_ROWS + 100;
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('a cadre import of more than two chunks', () => {
  it('lists a bad row of the second chunk with its line and writes nothing of any chunk', async () => {
    const rows = range(0, ROWS).map((n) => row(n));
    const bad = IMPORT_CHUNK_ROWS + 500;
    rows[bad] = row(bad, { unitCode: 'NO-SUCH-UNIT' });
    const before = await fingerprint(env.dataSource);
    const { status, body } = await importCadres(rows);
    expect(status).toBe(200);
    expect(body.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [bad + 2, '单位代码', 'UNKNOWN_UNIT_CODE'],
    ]);
    expect(body).toMatchObject({ written: false, rows: ROWS, created: ROWS - 1, updated: 0 });
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });

  it('writes one audit entry per created or changed cadre, and a re-import leaves all unchanged', async () => {
    const rows = range(0, ROWS).map((n) => row(n));
    const first = await importCadres(rows);
    expect(first.body).toMatchObject({ written: true, created: ROWS, updated: 0, errors: [] });
    expect(await auditEntriesOf(first.body.importId)).toBe(ROWS);

    // Ten rows change, spread over the chunks; the rest is as it was.
    const changed = [0, 1, 999, 1000, 1001, 1999, 2000, 2001, 2050, ROWS - 1];
    for (const n of changed) rows[n] = row(n, { title: '副科长' });
    const second = await importCadres(rows);
    expect(second.body).toMatchObject({
      written: true,
      created: 0,
      updated: changed.length,
      unchanged: ROWS - changed.length,
      errors: [],
    });
    expect(await auditEntriesOf(second.body.importId)).toBe(
      second.body.created + second.body.updated,
    );
    const versions: { title: string; version: number; n: number }[] = await env.dataSource.query(
      `SELECT position_title AS title, version, count(*)::int AS n FROM cadre
        WHERE name LIKE '批量%' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(versions).toEqual([
      { title: '副科长', version: 2, n: changed.length },
      { title: '科员', version: 1, n: ROWS - changed.length },
    ]);

    const before = await fingerprint(env.dataSource);
    const third = await importCadres(rows);
    expect(third.body).toMatchObject({ created: 0, updated: 0, unchanged: ROWS, errors: [] });
    expect(await auditEntriesOf(third.body.importId)).toBe(0);
    expect(await fingerprint(env.dataSource)).toEqual(before);
  });
});

describe('an administrator creating a cadre while an import creates the same one', () => {
  /** Waits until `count` backends of the test database wait for a lock. */
  async function waitForLockWaits(count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await env.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${count} backends never waited for a lock`);
  }

  it('keeps one record: the import names the row (DUPLICATE_ID_NUMBER) and writes nothing', async () => {
    const shared = person(50_000);
    const rows = [row(50_001), row(50_000), row(50_002)];
    // The administrator's insert waits, uncommitted, for its audit entry (the table is held in
    // SHARE mode); the import's insert of the same ID number then waits on it in the unique index.
    const holder = new Client({ connectionString: env.databaseUrl });
    holder.on('error', () => undefined);
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE audit_entry IN SHARE MODE');
      const creating = mutate(
        env,
        CreateCadreDocument,
        {
          homeUnitId: gid('Unit', world.units.unitA.id),
          name: '管理员录入',
          idNumber: shared.idNumber,
          education: 'MASTER',
          politicalStatus: 'CPC_MEMBER',
          positionTitle: '科长',
          rank: 'SECTION_CHIEF',
          specialties: [],
        },
        world.tokens.admin,
      );
      await waitForLockWaits(1);
      const importing = importCadres(rows);
      await waitForLockWaits(2);
      await holder.query('COMMIT');
      const [created, imported] = await Promise.all([creating, importing]);

      expect(created.userErrors).toEqual([]);
      expect(imported.status).toBe(200);
      expect(imported.body.errors.map((e) => [e.line, e.code])).toEqual([
        [3, 'DUPLICATE_ID_NUMBER'],
      ]);
      expect(imported.body.written).toBe(false);
      const cadres: { name: string }[] = await env.dataSource.query(
        'SELECT name FROM cadre WHERE id_number = ANY($1) ORDER BY name',
        [[person(50_000), person(50_001), person(50_002)].map((p) => p.idNumber)],
      );
      expect(cadres).toEqual([{ name: '管理员录入' }]);
    } finally {
      await holder.end();
    }
  });
});
