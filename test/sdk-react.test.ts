/**
 * `@guazhi/sdk/react` against a running server (issue 13): the generated hooks rendered with
 * react-test-renderer (React without a DOM), each inside a GuazhiProvider with a fresh TanStack
 * Query client. Queries, pages, a mutation that makes a list refetch, a coded error, and a
 * subscription event that makes the alerts refetch.
 */
import { QueryClient } from '@tanstack/react-query';
import { createElement } from 'react';
import { act, create, type ReactTestRenderer } from 'react-test-renderer';
import WebSocket from 'ws';
import {
  createGuazhiBaseClient,
  createGuazhiClient,
  GuazhiError,
  operations,
  subscriptions,
  type GuazhiBaseClient,
} from '../sdk/src';
import * as hooks from '../sdk/src/react';
import {
  GuazhiProvider,
  guazhiKeys,
  useAcknowledgeAlertMutation,
  useAlertChangedSubscription,
  useAlertsQuery,
  useMeQuery,
  usePostingsInfiniteQuery,
  usePostingsQuery,
} from '../sdk/src/react';
import { buildAlertWorld } from './support/alert-world';
import { createTestEnv, type TestEnv } from './support/env';
import { EVENT_TIMEOUT_MS } from './support/live';

// React's `act` warns unless told it runs in a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let env: TestEnv;
let world: Awaited<ReturnType<typeof buildAlertWorld>>;
const mounted: ReactTestRenderer[] = [];
const clients: GuazhiBaseClient[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildAlertWorld(env);
});
afterEach(async () => {
  for (const renderer of mounted.splice(0)) await act(async () => renderer.unmount());
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
});
afterAll(() => env?.close());

/** A base client (what a small page uses) that counts the requests it sends. */
function client(token: string | null): { client: GuazhiBaseClient; requests: string[] } {
  const requests: string[] = [];
  const made = createGuazhiBaseClient({
    url: env.url,
    token,
    fetch: (url, init) => {
      requests.push((JSON.parse(init.body) as { operationName: string }).operationName);
      return fetch(url, init);
    },
    live: { webSocketImpl: WebSocket, retryDelayMs: 100, maxRetryDelayMs: 500 },
  });
  clients.push(made);
  return { client: made, requests };
}

/**
 * Renders `hook` inside a GuazhiProvider; `result.current` is its latest return value. The probe
 * re-renders on every change of a result (`notifyOnChangeProps: 'all'`): TanStack re-renders
 * only for the properties read during render, and a test reads them afterwards.
 */
async function renderHook<T>(
  hook: () => T,
  guazhi: GuazhiBaseClient,
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } }),
): Promise<{ result: { current: T }; queryClient: QueryClient }> {
  const result = {} as { current: T };
  queryClient.setDefaultOptions({
    ...queryClient.getDefaultOptions(),
    queries: { ...queryClient.getDefaultOptions().queries, notifyOnChangeProps: 'all' },
  });
  function Probe() {
    result.current = hook();
    return null;
  }
  await act(async () => {
    mounted.push(
      create(createElement(GuazhiProvider, { client: guazhi, queryClient }, createElement(Probe))),
    );
  });
  return { result, queryClient };
}

/** Lets React and the network run until `done()` holds (or fails after EVENT_TIMEOUT_MS). */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + EVENT_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
  }
}

describe('generated hooks', () => {
  it('has a hook for every operation, named from the operations and subscriptions maps', () => {
    const exported = new Set(Object.keys(hooks));
    const pascal = (name: string) => name[0].toUpperCase() + name.slice(1);
    const missing = [
      ...Object.keys(operations).filter(
        (name) =>
          !exported.has(`use${pascal(name)}Query`) && !exported.has(`use${pascal(name)}Mutation`),
      ),
      ...Object.keys(subscriptions).filter(
        (name) => !exported.has(`use${pascal(name)}Subscription`),
      ),
    ];
    expect(missing).toEqual([]);
    expect(guazhiKeys.postings({ first: 5 })).toEqual(['guazhi', 'postings', { first: 5 }]);
    expect(guazhiKeys.postings()).toEqual(['guazhi', 'postings']);
  });
});

describe('query hooks', () => {
  it('return the typed result of the real server', async () => {
    const direct = await createGuazhiClient({ url: env.url, token: world.tokens.admin }).postings({
      first: 3,
    });
    const { result, queryClient } = await renderHook(
      () => usePostingsQuery({ first: 3 }),
      client(world.tokens.admin).client,
    );
    expect(result.current.status).toBe('pending');
    await until(() => result.current.isSuccess, 'postings');
    const ids: string[] = result.current.data!.postings.edges.map((edge) => edge.node.id);
    expect(ids).toEqual(direct.postings.edges.map((edge) => edge.node.id));
    expect(ids).toHaveLength(3);
    // Cached under ['guazhi', '<query>', variables].
    expect(queryClient.getQueryData(guazhiKeys.postings({ first: 3 }))).toEqual(
      result.current.data,
    );
  });

  it('surface a GuazhiError with its code as the error, and do not retry it', async () => {
    const anonymous = client(null);
    // The query client's own default (TanStack's: retry 3 times) does not apply to coded errors.
    const { result } = await renderHook(() => useMeQuery(), anonymous.client, new QueryClient());
    await until(() => result.current.isError, 'the error');
    expect(result.current.error).toBeInstanceOf(GuazhiError);
    expect(result.current.error?.code).toBe('UNAUTHENTICATED');
    expect(result.current.failureCount).toBe(1);
    expect(anonymous.requests).toEqual(['Me']);
  });
});

describe('infinite query hooks', () => {
  it('walk the pages of a connection with $after = pageInfo.endCursor', async () => {
    const direct = await createGuazhiClient({ url: env.url, token: world.tokens.admin }).postings({
      first: 4,
    });
    expect(direct.postings.edges).toHaveLength(4);
    const { result } = await renderHook(
      () => usePostingsInfiniteQuery({ first: 2 }),
      client(world.tokens.admin).client,
    );
    await until(() => result.current.isSuccess, 'the first page');
    expect(result.current.hasNextPage).toBe(true);
    await act(async () => {
      await result.current.fetchNextPage();
    });
    await until(() => result.current.data?.pages.length === 2, 'the second page');
    const pages = result.current.data!;
    expect(pages.pageParams).toEqual([null, pages.pages[0].postings.pageInfo.endCursor]);
    expect(pages.pages.flatMap((page) => page.postings.edges.map((edge) => edge.node.id))).toEqual(
      direct.postings.edges.map((edge) => edge.node.id),
    );
  });
});

describe('mutation hooks', () => {
  it('invalidate the queries showing what they changed: the alerts list refetches', async () => {
    const admin = client(world.tokens.admin);
    const { result } = await renderHook(
      () => ({
        alerts: useAlertsQuery({ first: 100, filter: { open: true } }),
        acknowledge: useAcknowledgeAlertMutation(),
      }),
      admin.client,
    );
    await until(() => result.current.alerts.isSuccess, 'alerts');
    const target = result.current.alerts.data!.alerts.edges.find(
      (edge) => edge.node.acknowledgedAt === null,
    )!.node;
    admin.requests.length = 0;
    await act(async () => {
      const { acknowledgeAlert } = await result.current.acknowledge.mutateAsync({
        input: { id: target.id, note: '已安排导师', version: target.version },
      });
      expect(acknowledgeAlert.userErrors).toEqual([]);
    });
    // Refetched before mutateAsync resolved; the list then shows the note.
    expect(admin.requests).toEqual(['AcknowledgeAlert', 'Alerts']);
    const shown = () =>
      result.current.alerts.data!.alerts.edges.find((e) => e.node.id === target.id)?.node;
    await until(() => shown()?.acknowledgementNote === '已安排导师', 'the note');
    expect(shown()?.acknowledgedAt).not.toBeNull();
    expect(admin.requests).toHaveLength(2);
  });

  it('pass a refused mutation on as the error, and invalidate nothing', async () => {
    const cadre = client(world.tokens.cadre);
    const { result } = await renderHook(() => useAcknowledgeAlertMutation(), cadre.client);
    await act(async () => {
      await result.current.mutateAsync({ input: { id: 'QWxlcnQ6MQ==' } }).catch(() => undefined);
    });
    expect(result.current.error?.code).toBe('FORBIDDEN');
    expect(cadre.requests).toEqual(['AcknowledgeAlert']);
  });
});

describe('subscription hooks', () => {
  it('deliver alertChanged events and make the alerts query refetch', async () => {
    const admin = client(world.tokens.admin);
    const filter = { kinds: ['UNMANAGED_POSTING' as const] };
    const seen: { change: string; id: string }[] = [];
    const { result } = await renderHook(
      () => ({
        alerts: useAlertsQuery({ first: 100, filter: { ...filter, open: true } }),
        live: useAlertChangedSubscription(
          { filter },
          {
            onData: ({ alertChanged }) =>
              seen.push({ change: alertChanged.change, id: alertChanged.alert.id }),
          },
        ),
      }),
      admin.client,
    );
    await until(() => result.current.alerts.isSuccess, 'alerts');
    expect(result.current.live.status).toBe('pending');
    const shown = () => result.current.alerts.data!.alerts.edges.map((edge) => edge.node.id);
    const before = shown();
    // Give the subscription time to be registered before the change it must see.
    await act(() => new Promise((resolve) => setTimeout(resolve, 500)));
    // A longer mentor deadline clears the UNMANAGED_POSTING alerts of postings past it (DESIGN §3).
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 3650');
    await until(() => seen.some((e) => e.change === 'CLEARED'), 'a CLEARED event');
    expect(result.current.live.status).toBe('receiving');
    expect(result.current.live.data?.alertChanged.change).toBe('CLEARED');
    const cleared = seen.filter((e) => e.change === 'CLEARED').map((e) => e.id);
    expect(before).toEqual(expect.arrayContaining(cleared));
    // Nobody refetched by hand: the events made the list of open alerts refetch, without them.
    await until(() => cleared.every((id) => !shown().includes(id)), 'the refetch');
    await env.dataSource.query('UPDATE policy SET mentor_deadline_days = 30');
    await until(() => seen.some((e) => e.change === 'RAISED'), 'a RAISED event');
    const raised = seen.filter((e) => e.change === 'RAISED').map((e) => e.id);
    await until(() => raised.every((id) => shown().includes(id)), 'the second refetch');
    expect(shown()).toHaveLength(before.length);
  });

  it('stay closed while not enabled', async () => {
    const { result } = await renderHook(
      () => useAlertChangedSubscription({}, { enabled: false }),
      client(world.tokens.admin).client,
    );
    expect(result.current).toEqual({ data: undefined, error: null, status: 'idle' });
  });

  it('report a refused subscription as the error', async () => {
    const { result } = await renderHook(
      () => useAlertChangedSubscription({}),
      client(world.tokens.cadre).client,
    );
    await until(() => result.current.status === 'error', 'the refusal');
    expect(result.current.error?.code).toBe('FORBIDDEN');
  });
});
