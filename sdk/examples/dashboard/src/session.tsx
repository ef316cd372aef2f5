/**
 * The signed-in session: one SDK client whose token lives in memory only (never localStorage; a
 * reload signs out), the signed-in user, and sign-out. The client is made again when the
 * language changes, so the server's messages (userErrors, alert details) follow the UI.
 */
import { createGuazhiClient, type GuazhiClient, type LoginMutation } from '@guazhi/sdk';
import { GuazhiProvider } from '@guazhi/sdk/react';
import { QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from './i18n';

export type SignedInUser = NonNullable<LoginMutation['login']['user']>;

interface Session {
  user: SignedInUser | null;
  signIn(token: string, user: SignedInUser): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Same-origin `/graphql` (Vite's proxy in development and preview), as an absolute URL for ws://. */
const API_URL = new URL('/graphql', window.location.href).href;

export function SessionProvider(props: { locale: Locale; children: ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } }),
  );
  const client: GuazhiClient = useMemo(
    () =>
      createGuazhiClient({
        url: API_URL,
        token,
        locale: props.locale,
        // An expired or revoked token: back to the sign-in form.
        onUnauthenticated: () => {
          setToken(null);
          setUser(null);
        },
      }),
    [token, props.locale],
  );
  // What the server wrote in words (alert details) is read again in the new language.
  useEffect(() => {
    void queryClient.invalidateQueries();
  }, [props.locale, queryClient]);
  const session: Session = {
    user,
    signIn(next, who) {
      queryClient.clear();
      setToken(next);
      setUser(who);
    },
    signOut() {
      void client.logout().catch(() => undefined);
      void client.disconnect();
      queryClient.clear();
      setToken(null);
      setUser(null);
    },
  };
  return (
    <SessionContext.Provider value={session}>
      {/* A field denied inside a record (a cadre a unit manager no longer reads) comes back null
          and the page says 无权查看, instead of failing the whole list. */}
      <GuazhiProvider client={client} queryClient={queryClient} partialData>
        {props.children}
      </GuazhiProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
