/**
 * @guazhi/sdk/react: React hooks for the Guazhi (挂职) API on TanStack Query v5, one per operation
 * of sdk/operations (generated: sdk/src/generated/react.ts).
 *
 * ```tsx
 * <GuazhiProvider client={createGuazhiClient({ url: '/graphql' })}>
 *   <Postings />
 * </GuazhiProvider>
 * const { data, error } = usePostingsQuery({ first: 20 });
 * ```
 *
 * Needs `react` (18 or 19) and `@tanstack/react-query` (5), optional peer dependencies of the
 * SDK: the core entry `@guazhi/sdk` needs neither.
 */
export { GuazhiProvider, useGuazhiClient, type GuazhiProviderProps } from './provider';
export type {
  GuazhiInfiniteQueryOptions,
  GuazhiMutationOptions,
  GuazhiQueryKey,
  GuazhiQueryOptions,
  GuazhiSubscriptionOptions,
  GuazhiSubscriptionResult,
  PageParam,
} from './hooks';
export * from '../generated/react';
