/**
 * `<GuazhiProvider client={client}>`: gives the hooks below it a Guazhi client and a TanStack
 * Query client (the app's own, or one made here).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import type { GuazhiBaseClient, GuazhiClient } from '../index';

const GuazhiContext = createContext<GuazhiBaseClient | null>(null);

export interface GuazhiProviderProps {
  /**
   * From `createGuazhiClient`, or `createGuazhiBaseClient` for the smallest bundle (the hooks
   * need no more); its token (`setToken`) is the one the hooks send.
   */
  client: GuazhiBaseClient;
  /**
   * The app's TanStack Query client, when it has one (to share its cache and defaults). Without
   * it one is made for the provider's lifetime, which does not retry failed queries: the SDK has
   * already sent again after network errors, and a coded error (FORBIDDEN, NOT_FOUND …) would
   * come back the same.
   */
  queryClient?: QueryClient;
  children?: ReactNode;
}

export function GuazhiProvider({ client, queryClient, children }: GuazhiProviderProps) {
  const [own] = useState(
    () =>
      queryClient ??
      new QueryClient({
        defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
      }),
  );
  return createElement(
    GuazhiContext.Provider,
    { value: client },
    createElement(QueryClientProvider, { client: queryClient ?? own }, children),
  );
}

/**
 * The client of the nearest GuazhiProvider, for calls no hook covers (`setToken`, `export` …).
 * Typed as the provider's client from `createGuazhiClient`; with `createGuazhiBaseClient` say so:
 * `useGuazhiClient<GuazhiBaseClient>()`.
 */
export function useGuazhiClient<TClient extends GuazhiBaseClient = GuazhiClient>(): TClient {
  const client = useContext(GuazhiContext);
  if (!client) throw new Error('useGuazhiClient: render this inside <GuazhiProvider client={…}>');
  return client as TClient;
}
