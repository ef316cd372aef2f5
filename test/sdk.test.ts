import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createGuazhiClient, GuazhiError, type GuazhiClient } from '../sdk/src';
import { staleGeneratedFiles } from '../sdk/scripts/generate';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, gid, PASSWORD, type World } from './support/world';

let env: TestEnv;
let world: World;
let anonymous: GuazhiClient;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
  anonymous = createGuazhiClient({ url: env.url });
});
afterAll(() => env.close());

const ROOT = path.resolve(__dirname, '..');

describe('SDK against the running server', () => {
  async function signIn(username: string): Promise<GuazhiClient> {
    const { login } = await anonymous.login({ input: { username, password: PASSWORD } });
    expect(login.userErrors).toEqual([]);
    return anonymous.withToken(login.token!);
  }

  it('signs in and reads the viewer when the credentials are right', async () => {
    const client = await signIn('manager_a');
    const { me } = await client.me();
    expect(me).toMatchObject({ username: 'manager_a', role: 'UNIT_MANAGER' });
  });

  it('returns INVALID_CREDENTIALS in userErrors when the password is wrong', async () => {
    const { login } = await anonymous.login({ input: { username: 'admin', password: 'nope' } });
    expect(login.token).toBeNull();
    expect(login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('pages through postings with typed variables and cursors', async () => {
    const client = await signIn('admin');
    const first = await client.postings({
      first: 2,
      orderBy: { field: 'START_DATE', direction: 'ASC' },
    });
    expect(first.postings.totalCount).toBe(4);
    expect(first.postings.pageInfo.hasNextPage).toBe(true);
    const rest = await client.postings({ first: 10, after: first.postings.pageInfo.endCursor });
    const ids = [...first.postings.edges, ...rest.postings.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(4);
  });

  it('reads a posting with its relations through node', async () => {
    const client = await signIn('admin');
    const { posting } = await client.posting({ id: gid('Posting', world.postings.active.id) });
    if (!posting || !('receivingUnit' in posting)) throw new Error('not a posting');
    expect(posting.receivingUnit.name).toBe('青山镇人民政府');
    expect(posting.mentorship?.mentor?.name).toBe('陈志强');
    expect(posting.evaluations.totalCount).toBe(2);
  });

  it('throws GuazhiError with UNAUTHENTICATED when no token is sent', async () => {
    const error = await anonymous.postings({ first: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuazhiError);
    expect((error as GuazhiError).code).toBe('UNAUTHENTICATED');
  });

  it('gives partial data with FORBIDDEN errors when personal data is denied', async () => {
    const client = await signIn('analyst');
    const result = await client.partial.cadrePersonal({
      id: gid('Cadre', world.cadres.cadreA1.id),
    });
    expect(result.data?.cadre).toMatchObject({ idNumber: null, phone: null, birthDate: null });
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('throws NETWORK_ERROR when the server cannot be reached', async () => {
    const offline = createGuazhiClient({ url: 'http://127.0.0.1:9/graphql' });
    const error = await offline.me().catch((e: unknown) => e);
    expect((error as GuazhiError).code).toBe('NETWORK_ERROR');
  });
});

// Last: generating code keeps the event loop busy for seconds on a loaded machine, after which the
// server's keep-alive timer and the client's fire together and the next request can meet a reset
// connection (ECONNRESET). No request to the server follows these.
describe('generated SDK', () => {
  it('matches what GraphQL Code Generator makes from schema.graphql, for the SDK and the tests (run `npm run codegen` when this fails)', async () => {
    expect(await staleGeneratedFiles()).toEqual([]);
  }, 60_000);

  // Without blocking the event loop (see above).
  it('type-checks under strict TypeScript without Node types', async () => {
    await expect(
      promisify(execFile)(
        path.join(ROOT, 'node_modules/.bin/tsc'),
        ['-p', 'sdk/tsconfig.json', '--noEmit'],
        { cwd: ROOT },
      ),
    ).resolves.toBeDefined();
  }, 60_000);
});
