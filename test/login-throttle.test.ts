/**
 * Sign-in throttling (issue #9, fault 3): it slows a guesser without letting them lock the owner
 * out. One `login` per request; failures counted per username and address (growing wait, reset by
 * the right password) and per address (a larger cap); the right password never counts.
 */
import { Role } from '../server/common/role';
import { ADDRESS_FACTOR, addressKey, delaySeconds } from '../server/modules/auth/login-throttle';
import { SignInDocument } from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { postWith } from './support/http';
import { PASSWORD, user } from './support/world';

let env: TestEnv;
const MAX = 10;

beforeAll(async () => {
  // Behind a trusted proxy, so that each test can speak from the address it names.
  env = await createTestEnv({ trustProxy: true, loginMaxFailures: MAX, loginWindowMinutes: 15 });
  for (const name of [
    'owner',
    'spray_owner',
    'busy',
    'guessed',
    'forgiven',
    'aliased',
    'hopper_v6',
  ])
    await user(env.dataSource, name, Role.ANALYST);
});
afterAll(() => env.close());

const signIn = (username: string, password: string, address: string) =>
  postWith(
    env,
    SignInDocument,
    { input: { username, password } },
    { headers: { 'x-forwarded-for': address } },
  );

/** What one sign-in came to: a token, a userError code, or an error code. */
function outcome(res: Awaited<ReturnType<typeof signIn>>): string {
  if (res.data?.login?.token) return 'token';
  return res.data?.login?.userErrors[0]?.code ?? String(res.errors?.[0]?.extensions?.code);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('one login per request', () => {
  it('refuses eleven aliased logins with BAD_USER_INPUT (HTTP 400) and counts none of them', async () => {
    const aliases = Array.from(
      { length: 11 },
      (_, i) => `a${i}: login(input: { username: "aliased", password: "wrong-${i}" }) { token }`,
    ).join('\n');
    const res = await env.rawGraphql(`mutation { ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.map((e) => e.extensions?.code)).toContain('BAD_USER_INPUT');
    const [{ n }] = await env.dataSource.query(
      `SELECT count(*)::int AS n FROM login_throttle WHERE key LIKE '%/aliased'`,
    );
    expect(n).toBe(0);
    expect(outcome(await signIn('aliased', PASSWORD, '10.0.0.1'))).toBe('token');
  });

  it('counts logins spread through fragments too', async () => {
    const res = await env.rawGraphql(`
      mutation { ...A ... on Mutation { b: login(input: { username: "aliased", password: "x" }) { token } } }
      fragment A on Mutation { a: login(input: { username: "aliased", password: "y" }) { token } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a batch of operations in one request', async () => {
    const one = {
      query: SignInDocument.toString(),
      variables: { input: { username: 'aliased', password: PASSWORD } },
    };
    const res = await fetch(env.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([one, one]),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).not.toContain('"token"');
  });
});

describe('failures for one username at one address', () => {
  it('makes the guesser wait, while the owner signs in from another address at once', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < MAX; i++)
      outcomes.push(outcome(await signIn('owner', `wrong-${i}`, '203.0.113.7')));
    expect(outcomes).toEqual(Array(MAX).fill('INVALID_CREDENTIALS'));

    // The 10th failure in a row costs the pair a 1 s wait: even the right password waits.
    const limited = await signIn('owner', PASSWORD, '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.extensions?.retryAfter).toBe(1);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.data?.login ?? null).toBeNull();

    // The owner elsewhere is not slowed at all.
    expect(outcome(await signIn('owner', PASSWORD, '198.51.100.20'))).toBe('token');

    // The wait grows with each further failure: 2 s after the 11th.
    await sleep(1100);
    expect(outcome(await signIn('owner', 'wrong-again', '203.0.113.7'))).toBe(
      'INVALID_CREDENTIALS',
    );
    const longer = await signIn('owner', PASSWORD, '203.0.113.7');
    expect(longer.errors?.[0]?.extensions?.retryAfter).toBe(2);
    expect(longer.headers.get('retry-after')).toBe('2');

    // Once the wait is over, the right password signs in and starts the pair afresh.
    await sleep(2100);
    expect(outcome(await signIn('owner', PASSWORD, '203.0.113.7'))).toBe('token');
    expect(outcome(await signIn('owner', 'wrong-after', '203.0.113.7'))).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('waits 1, 2, 4 … seconds from the 10th failure in a row, at most the 15-minute window', () => {
    const config = { loginMaxFailures: MAX, loginWindowMinutes: 15 };
    const waits = [1, 5, 9, 10, 11, 12, 13, 19, 20, 40, 1000].map((n) => delaySeconds(n, config));
    console.log('[login-throttle] wait after n failures in a row (s):', waits.join(', '));
    expect(waits).toEqual([0, 0, 0, 1, 2, 4, 8, 512, 900, 900, 900]);
  });

  it('never counts the right password: 20 parallel correct sign-ins all succeed', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn('busy', PASSWORD, '192.0.2.50')),
    );
    const tokens = results.map(outcome).filter((o) => o === 'token').length;
    console.log(
      `[login-throttle] 20 parallel correct sign-ins: ${tokens} tokens in ${Date.now() - started} ms`,
    );
    expect(results.map(outcome)).toEqual(Array(20).fill('token'));
  });

  it('forgets the failures in a row once the user signs in', async () => {
    for (let i = 0; i < MAX - 1; i++) await signIn('forgiven', 'wrong', '192.0.2.60');
    expect(outcome(await signIn('forgiven', PASSWORD, '192.0.2.60'))).toBe('token');
    const rows = await env.dataSource.query(
      `SELECT key FROM login_throttle WHERE key LIKE '%/forgiven'`,
    );
    expect(rows).toEqual([]);
    for (let i = 0; i < MAX - 1; i++)
      expect(outcome(await signIn('forgiven', 'wrong', '192.0.2.60'))).toBe('INVALID_CREDENTIALS');
  });

  it('lets few of 30 simultaneous wrong guesses through to the password check', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn('guessed', `guess-${i}`, '192.0.2.70')),
    );
    const outcomes = results.map(outcome);
    const checked = outcomes.filter((o) => o === 'INVALID_CREDENTIALS').length;
    const limited = outcomes.filter((o) => o === 'RATE_LIMITED').length;
    console.log(`[login-throttle] 30 parallel guesses: ${checked} checked, ${limited} refused`);
    // The check runs inside the hasher's slot (2 at a time): at most one guess races the block.
    expect(checked).toBeGreaterThanOrEqual(MAX);
    expect(checked).toBeLessThanOrEqual(MAX + 1);
    expect(checked + limited).toBe(30);
  });
});

describe('failures from one address', () => {
  it('lets 50 failures over many usernames pass without locking out the others there', async () => {
    const address = '100.64.0.9';
    for (let i = 0; i < 50; i++)
      expect(outcome(await signIn(`nobody_${i}`, 'wrong', address))).toBe('INVALID_CREDENTIALS');
    expect(outcome(await signIn('spray_owner', PASSWORD, address))).toBe('token');
  });

  it('caps an address at 100 failures an hour, answering RATE_LIMITED with the wait', async () => {
    const address = '100.64.0.10';
    const cap = MAX * ADDRESS_FACTOR;
    const attempts = Array.from({ length: cap }, (_, i) => `sprayed_${i}`);
    // Two at a time, as the hasher runs them anyway.
    for (let i = 0; i < attempts.length; i += 2)
      await Promise.all(attempts.slice(i, i + 2).map((name) => signIn(name, 'wrong', address)));
    const limited = await signIn('spray_owner', PASSWORD, address);
    expect(limited.status).toBe(429);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.errors?.[0]?.extensions?.retryAfter);
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.headers.get('retry-after')).toBe(String(retryAfter));
    // Another address is not affected.
    expect(outcome(await signIn('spray_owner', PASSWORD, '100.64.0.11'))).toBe('token');
  });
});

describe('addresses', () => {
  it('counts IPv4 as is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(
      [
        '203.0.113.7',
        '::ffff:203.0.113.7',
        '2001:db8:0:1::5',
        '2001:0db8:0000:0001:ffff::9',
        '::1',
      ].map(addressKey),
    ).toEqual([
      '203.0.113.7',
      '203.0.113.7',
      '2001:db8:0:1::/64',
      '2001:db8:0:1::/64',
      '0:0:0:0::/64',
    ]);
  });

  it('makes a guesser who hops within one IPv6 /64 wait all the same', async () => {
    for (let i = 0; i < MAX; i++)
      expect(outcome(await signIn('hopper_v6', 'wrong', `2001:db8:5:6::${i + 1}`))).toBe(
        'INVALID_CREDENTIALS',
      );
    expect(outcome(await signIn('hopper_v6', PASSWORD, '2001:db8:5:6::ff'))).toBe('RATE_LIMITED');
    expect(outcome(await signIn('hopper_v6', PASSWORD, '2001:db8:5:7::1'))).toBe('token');
  });
});
