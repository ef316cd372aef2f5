/**
 * The documents GraphiQL's page sends by itself (sign in, check an API key, sign out), apart from
 * what the analyst types. They are the server's own, so they are trusted documents too
 * (server/common/trusted-documents/manifest.ts): a viewer held to trusted documents can still sign
 * out of GraphiQL, which ends the session on the server (`logout`).
 */
export const GRAPHIQL_DOCUMENTS = {
  signIn:
    'mutation GraphiQLSignIn($input: LoginInput!) { login(input: $input) { token expiresAt ' +
    'passwordChangeRequired user { username role } userErrors { message } } }',
  checkKey: 'query GraphiQLCheckKey { policy { id } }',
  signOut: 'mutation GraphiQLSignOut { logout { userErrors { message } } }',
} as const;
