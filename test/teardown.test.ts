import { createHook } from 'node:async_hooks';
import { MeDocument } from '../sdk/src';
import { Role } from '../server/common/role';
import { createTestEnv } from './support/env';
import { login, user } from './support/world';

/** The fields of Node's Timeout read here: pending until it fires or is cleared. */
interface Timeout {
  _destroyed: boolean;
  _idleTimeout: number;
}

/**
 * A stopped app leaves no timer behind (issue 10, item 14). An unref'd timer keeps no process
 * alive, so neither `--detectOpenHandles` nor `process.getActiveResourcesInfo()` lists it, yet it
 * keeps alive whatever its callback reaches. rate-limiter-flexible's purge timer (one per budget
 * limiter, every 5 minutes, rescheduled for ever) held each test file's pool, app and module graph
 * (~30 MB a file): Jest workers ended a run with a heap so large that tearing it down on exit
 * outlasted Jest's 500 ms grace on a busy machine ("A worker process has failed to exit gracefully").
 */
it('a closed test environment, after serving a sign-in and a query, leaves no timer pending', async () => {
  const timers: { timer: Timeout; stack: string }[] = [];
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === 'Timeout')
        timers.push({ timer: resource as Timeout, stack: new Error().stack! });
    },
  }).enable();
  try {
    const env = await createTestEnv();
    try {
      await user(env.dataSource, 'admin', Role.ORG_ADMIN);
      const res = await env.graphql(MeDocument, {}, await login(env, 'admin'));
      expect(res.errors).toBeUndefined();
    } finally {
      await env.close();
    }
  } finally {
    hook.disable();
  }
  const left = timers
    // Node's own clocks are not the app's: the test's HTTP client (fetch) keeps one, and the
    // HTTP server caches its Date header for up to a second (node:internal/http `utcDate`).
    .filter(
      ({ timer, stack }) =>
        !timer._destroyed &&
        !stack.includes('node:internal/deps/undici') &&
        !/at utcDate \(node:internal\/http:/.test(stack),
    )
    .map(({ timer, stack }) => `${timer._idleTimeout} ms timer from\n${stack}`);
  expect(left).toEqual([]);
});
