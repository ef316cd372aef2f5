/**
 * The factories behind the generated hooks (sdk/src/generated/react.ts): each hook is one call of
 * these with its document, so nothing here names an operation. Queries are cached under
 * `['guazhi', '<query>', variables]`; a mutation or subscription event invalidates the queries the
 * generator found it can change (sdk/codegen/react.cjs says how), by that prefix.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { GraphQLErrorEntry, GuazhiError } from '../errors';
import type { GuazhiBaseClient } from '../index';
import { useGuazhiClient } from './provider';

/** `['guazhi', '<query>', variables]`, or a prefix of it. */
export type GuazhiQueryKey = readonly unknown[];

type Document<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};
type Variables = Record<string, unknown>;

/** TanStack's query options, less what the hook sets itself. */
export type GuazhiQueryOptions<TResult> = Omit<
  UseQueryOptions<TResult, GuazhiError, TResult, GuazhiQueryKey>,
  'queryKey' | 'queryFn'
>;

/** The page cursor of an infinite query: `$after`, null for the first page. */
export type PageParam = string | null;

/** TanStack's infinite query options, less what the hook sets itself (the paging). */
export type GuazhiInfiniteQueryOptions<TResult> = Omit<
  UseInfiniteQueryOptions<
    TResult,
    GuazhiError,
    InfiniteData<TResult, PageParam>,
    GuazhiQueryKey,
    PageParam
  >,
  'queryKey' | 'queryFn' | 'initialPageParam' | 'getNextPageParam' | 'getPreviousPageParam'
>;

export type GuazhiMutationOptions<TResult, TVariables> = Omit<
  UseMutationOptions<TResult, GuazhiError, TVariables>,
  'mutationFn'
>;

export interface GuazhiSubscriptionOptions<TEvent> {
  /** False keeps the subscription closed (e.g. until the user has signed in). Default true. */
  enabled?: boolean;
  /** Each event, after the cache has been told. */
  onData?(event: TEvent, errors: GraphQLErrorEntry[]): void;
}

export interface GuazhiSubscriptionResult<TEvent> {
  /** The last event, or undefined before the first. */
  data: TEvent | undefined;
  /** Why the subscription ended (FORBIDDEN, UNAUTHENTICATED …); null while it runs. */
  error: GuazhiError | null;
  /**
   * `idle`: not enabled; `pending`: open, no event yet; `receiving`: at least one event came;
   * `error` or `closed`: ended (a lost connection is not an end: the SDK reconnects and resumes).
   */
  status: 'idle' | 'pending' | 'receiving' | 'error' | 'closed';
}

/** Variables may be left out exactly when the operation has no required variable. */
type Args<TVariables, TOptions> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: TOptions]
    : [variables: TVariables, options?: TOptions];

/** The query key of `<query>` with these variables; the prefix of all its keys without them. */
export function queryKey(query: string, variables?: object): GuazhiQueryKey {
  return variables === undefined ? ['guazhi', query] : ['guazhi', query, variables];
}

/**
 * Retries only what may succeed the second time: no answer at all (after the SDK's own retries).
 * An error the server answered with (FORBIDDEN, NOT_FOUND, BAD_USER_INPUT …) comes back the same.
 * Applies where neither the hook's options nor the query client set `retry`.
 */
function retryNetwork(failureCount: number, error: GuazhiError): boolean {
  return error.code === 'NETWORK_ERROR' && failureCount < 2;
}

export function queryHook<TResult, TVariables>(
  query: string,
  document: Document<TResult, TVariables>,
) {
  return function useGuazhiQuery(
    ...[variables, options]: Args<TVariables, GuazhiQueryOptions<TResult>>
  ): UseQueryResult<TResult, GuazhiError> {
    const client = useGuazhiClient<GuazhiBaseClient>();
    const defaults = useQueryClient().getDefaultOptions().queries;
    return useQuery<TResult, GuazhiError, TResult, GuazhiQueryKey>({
      retry: defaults?.retry ?? retryNetwork,
      ...options,
      queryKey: queryKey(query, variables ?? {}),
      queryFn: ({ signal }) =>
        client.request(document as Document<TResult, Variables>, variables as Variables, {
          signal,
        }),
    });
  };
}

/**
 * An infinite query over a list query's connection at `path` (response keys, from the generated
 * `connections`): page n+1 is asked with `$after` = page n's `pageInfo.endCursor`, while
 * `hasNextPage`. `variables.after`, when given, is where the first page starts; `first` is the
 * page size.
 */
export function infiniteQueryHook<TResult, TVariables>(
  query: string,
  document: Document<TResult, TVariables>,
  path: readonly string[],
) {
  return function useGuazhiInfiniteQuery(
    ...[variables, options]: Args<TVariables, GuazhiInfiniteQueryOptions<TResult>>
  ): UseInfiniteQueryResult<InfiniteData<TResult, PageParam>, GuazhiError> {
    const client = useGuazhiClient<GuazhiBaseClient>();
    const defaults = useQueryClient().getDefaultOptions().queries;
    const given = (variables ?? {}) as Variables;
    return useInfiniteQuery<
      TResult,
      GuazhiError,
      InfiniteData<TResult, PageParam>,
      GuazhiQueryKey,
      PageParam
    >({
      retry: defaults?.retry ?? retryNetwork,
      ...options,
      // Apart from the plain query's key (its data is a list of pages), under the same prefix.
      queryKey: [...queryKey(query, given), 'infinite'],
      initialPageParam: (given.after as PageParam | undefined) ?? null,
      queryFn: ({ pageParam, signal }) =>
        client.request(
          document as Document<TResult, Variables>,
          { ...given, after: pageParam },
          { signal },
        ),
      getNextPageParam: (page, _pages, pageParam) => {
        let connection: unknown = page;
        for (const key of path) connection = (connection as Variables | null)?.[key];
        const info = (
          connection as { pageInfo?: { hasNextPage: boolean; endCursor?: string | null } } | null
        )?.pageInfo;
        const next = info?.hasNextPage ? (info.endCursor ?? null) : null;
        // A cursor that does not move would page for ever; the server never sends one.
        return next === null || next === pageParam ? undefined : next;
      },
    });
  };
}

/** Marks the queries `affects` stale; those on screen refetch at once. */
function invalidate(queryClient: QueryClient, affects: readonly string[]): Promise<unknown> {
  return Promise.all(
    affects.map((query) => queryClient.invalidateQueries({ queryKey: queryKey(query) })),
  );
}

/**
 * A mutation; once it succeeded, the queries in `affects` are invalidated before `onSuccess` runs
 * and before `mutateAsync` resolves, so what the screen shows next includes the change. Also when
 * the payload carries `userErrors`: a refetch costs little, a stale screen misleads.
 */
export function mutationHook<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  affects: readonly string[],
) {
  return function useGuazhiMutation(
    options?: GuazhiMutationOptions<TResult, TVariables>,
  ): UseMutationResult<TResult, GuazhiError, TVariables> {
    const client = useGuazhiClient<GuazhiBaseClient>();
    const queryClient = useQueryClient();
    return useMutation<TResult, GuazhiError, TVariables>({
      ...options,
      mutationFn: (variables) =>
        client.request(document as Document<TResult, Variables>, variables as Variables),
      onSuccess: async (...args) => {
        await invalidate(queryClient, affects);
        return options?.onSuccess?.(...args);
      },
    });
  };
}

/**
 * Events of a burst (a policy change clears many alerts at once) are told to the cache once:
 * the queries refetch when none came for this long.
 */
const SETTLE_MS = 50;

/**
 * A subscription while the component is mounted (and `enabled`): each event invalidates the
 * queries in `affects` (batched, see SETTLE_MS), then goes to `onData`, and is the hook's `data`.
 * It is opened again when the variables change (compared as JSON).
 */
export function subscriptionHook<TEvent, TVariables>(
  document: Document<TEvent, TVariables>,
  affects: readonly string[],
) {
  return function useGuazhiSubscription(
    ...[variables, options]: Args<TVariables, GuazhiSubscriptionOptions<TEvent>>
  ): GuazhiSubscriptionResult<TEvent> {
    const client = useGuazhiClient<GuazhiBaseClient>();
    const queryClient = useQueryClient();
    const enabled = options?.enabled ?? true;
    const [state, setState] = useState<GuazhiSubscriptionResult<TEvent>>({
      data: undefined,
      error: null,
      status: enabled ? 'pending' : 'idle',
    });
    // The latest callback, without reopening the subscription when it is a new function.
    const onData = useRef(options?.onData);
    onData.current = options?.onData;
    const key = JSON.stringify(variables ?? {});
    useEffect(() => {
      if (!enabled) {
        setState({ data: undefined, error: null, status: 'idle' });
        return;
      }
      setState((s) => (s.status === 'pending' && !s.data ? s : { ...s, status: 'pending' }));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settled = () => {
        timer = undefined;
        void invalidate(queryClient, affects);
      };
      const subscription = client.subscribe(
        document as Document<TEvent, Variables>,
        JSON.parse(key) as Variables,
        {
          next(event, errors) {
            setState({ data: event, error: null, status: 'receiving' });
            clearTimeout(timer);
            timer = setTimeout(settled, SETTLE_MS);
            onData.current?.(event, errors);
          },
          error(error) {
            setState((s) => ({ ...s, error, status: 'error' }));
          },
          complete() {
            setState((s) => (s.status === 'error' ? s : { ...s, status: 'closed' }));
          },
        },
      );
      return () => {
        subscription.unsubscribe();
        // Events already received still reach the cache.
        if (timer !== undefined) {
          clearTimeout(timer);
          settled();
        }
      };
    }, [client, queryClient, key, enabled]);
    return state;
  };
}
