/**
 * Signed-in users' rows kept between requests (issue #12, auth/viewer-cache.ts): two app instances
 * on one database. A deactivation, a role change or a logout counts from the next request on
 * either instance; the rows are used only while the LISTEN connection proves every notification
 * has arrived, and read again otherwise.
 */
import type { AddressInfo } from 'node:net';
import {
  DeactivateUserDocument,
  LogoutDocument,
  UpdateUserDocument,
  UsersDocument,
} from '../sdk/src';
import { createApp, type App } from '../server/app';
import { Role } from '../server/common/role';
import type { Viewer } from '../server/common/viewer';
import { AuthService } from '../server/modules/auth/auth.service';
import { TRUST_MS, type ViewerEvents } from '../server/modules/auth/viewer-cache';
import { LiveHub, listenConfigOf } from '../server/modules/live/live-hub';
import { createTestEnv, type TestEnv } from './support/env';
import { mutate } from './support/mutations';
import { gid, login, user } from './support/world';

let env: TestEnv;
let other: App;
let otherUrl: string;
let adminToken: string;

beforeAll(async () => {
  env = await createTestEnv();
  await user(env.dataSource, 'admin', Role.ORG_ADMIN);
  adminToken = await login(env, 'admin');
  // The second instance: its own app, auth service, LISTEN connection and cache.
  other = await createApp({ dataSource: env.dataSource, config: env.config });
  await new Promise<void>((resolve) => other.server.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await other?.stop();
  await env?.close();
});

/** `users` on an instance: allowed for ORG_ADMIN only, so it shows the role the request ran as. */
async function usersOn(url: string, token: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: UsersDocument.toString(), variables: { first: 1 } }),
  });
  const body = (await res.json()) as { errors?: { extensions: { code: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions.code ?? null };
}

/** A new user, signed in, whose row both instances have read and kept. */
async function signedIn(username: string, role = Role.ORG_ADMIN) {
  const { id } = await user(env.dataSource, username, role);
  const token = await login(env, username);
  for (const url of [env.url, otherUrl, env.url, otherUrl])
    expect(await usersOn(url, token)).toEqual({ status: 200, code: null });
  return { id, token };
}

describe('viewer rows kept on two instances', () => {
  it('refuses a user deactivated through one instance on their next request to the other', async () => {
    const { id, token } = await signedIn('deactivated');
    await mutate(env, DeactivateUserDocument, { userId: gid('User', id) }, adminToken);
    expect(await usersOn(otherUrl, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await usersOn(env.url, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('ends the sessions of a user whose role an admin changed, from the next request on both instances', async () => {
    const { id, token } = await signedIn('demoted');
    const payload = await mutate(
      env,
      UpdateUserDocument,
      { userId: gid('User', id), role: Role.ANALYST },
      adminToken,
    );
    expect(payload.userErrors).toEqual([]);
    // updateUser moves the token version on: the old token is refused, not merely demoted.
    expect(await usersOn(env.url, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await usersOn(otherUrl, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a logged-out token from the next request, on both instances', async () => {
    const { token } = await signedIn('leaving');
    expect((await env.graphql(LogoutDocument, {}, token)).data?.logout.userErrors).toEqual([]);
    expect(await usersOn(env.url, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await usersOn(otherUrl, token)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('applies a role change written by anything, not only this code (a trigger publishes it)', async () => {
    const { id, token } = await signedIn('by-sql');
    await env.dataSource.query('UPDATE app_user SET role = $1 WHERE id = $2', [Role.ANALYST, id]);
    // The notification has to travel to both instances: it does so well within a request.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await usersOn(env.url, token)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await usersOn(otherUrl, token)).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('when kept rows are used', () => {
  let hub: LiveHub;
  let auth: AuthService;
  /** What the cache is told of the LISTEN connection: the hub's, unless a test says otherwise. */
  let freshness: ViewerEvents['freshness'];
  let stopCache: () => void;

  beforeAll(async () => {
    hub = new LiveHub(env.dataSource, {
      connection: listenConfigOf(env.dataSource),
      retentionHours: 24,
      log: () => undefined,
    });
    await hub.start();
    auth = new AuthService(env.dataSource, env.config);
    stopCache = auth.cacheViewers({
      subscribe: (listener) => hub.subscribe(listener),
      freshness: () => freshness(),
    });
  });
  beforeEach(() => {
    freshness = () => hub.freshness();
  });
  afterAll(async () => {
    stopCache?.();
    await hub?.stop();
  });

  const roleOf = async (token: string) =>
    ((await auth.viewerFromAuthorization(`Bearer ${token}`)) as Viewer).role;

  /** Changes the role without publishing anything: what a lost notification would leave. */
  const silently = (id: number, role: Role) =>
    env.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('UPDATE app_user SET role = $1 WHERE id = $2', [role, id]);
    });

  it('keeps the row while the notifications are proven complete', async () => {
    const { id, token } = await signedIn('kept');
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    await silently(id, Role.ANALYST);
    // Kept: nothing said the row changed (this is the window a lost notification would leave).
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    auth.forgetViewers();
    expect(await roleOf(token)).toBe(Role.ANALYST);
  });

  it('reads the row on every request while the LISTEN connection is down', async () => {
    const { id, token } = await signedIn('unheard');
    freshness = () => null;
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    await silently(id, Role.ANALYST);
    expect(await roleOf(token)).toBe(Role.ANALYST);
    // And nothing read while it was down is used once it is back.
    await silently(id, Role.ORG_ADMIN);
    freshness = () => hub.freshness();
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
  });

  it('reads the row again once the last proof is older than TRUST_MS', async () => {
    const { id, token } = await signedIn('late-proof');
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    await silently(id, Role.ANALYST);
    const now = hub.freshness()!;
    freshness = () => ({ ...now, provenAt: Date.now() - TRUST_MS - 1 });
    expect(await roleOf(token)).toBe(Role.ANALYST);
  });

  it('starts empty on a new LISTEN connection (notifications may have been lost between)', async () => {
    const { id, token } = await signedIn('reconnected');
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    await silently(id, Role.ANALYST);
    freshness = () => {
      const now = hub.freshness()!;
      return { ...now, connection: now.connection + 1 };
    };
    expect(await roleOf(token)).toBe(Role.ANALYST);
  });

  it('stops trusting a LISTEN connection that was cut, and trusts the next one', async () => {
    const { token } = await signedIn('cut');
    const before = hub.freshness()!;
    await env.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'guazhi-live' AND datname = current_database()`,
    );
    for (let i = 0; hub.freshness()?.connection === before.connection; i++) {
      if (i > 100) throw new Error('the hub did not notice its connection was cut');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (let i = 0; !hub.freshness(); i++) {
      if (i > 200) throw new Error('the hub did not reconnect');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(hub.freshness()!.connection).toBeGreaterThan(before.connection);
    expect(await roleOf(token)).toBe(Role.ORG_ADMIN);
    // The heartbeat keeps proving the new connection.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(Date.now() - hub.freshness()!.provenAt).toBeLessThan(TRUST_MS);
  });
});
