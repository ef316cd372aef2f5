import { FeedbackReportsDocument, MeDocument } from '../sdk/src';
import {
  PostingCountDocument,
  QueryTypeNameDocument,
  SignInDocument,
  SignInUnitDocument,
  ViewerDocument,
} from './generated/graphql';
import { createTestEnv, type TestEnv } from './support/env';
import { buildWorld, PASSWORD, type World } from './support/world';

let env: TestEnv;
let world: World;

beforeAll(async () => {
  env = await createTestEnv();
  world = await buildWorld(env);
});
afterAll(() => env.close());

describe('login', () => {
  it('returns a token and the user when the password is right', async () => {
    const res = await env.graphql(SignInDocument, {
      input: { username: 'manager_a', password: PASSWORD },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.login.token).toMatch(/^ey/);
    expect(res.data?.login.user).toEqual({ username: 'manager_a', role: 'UNIT_MANAGER' });
  });

  it('resolves the payload’s nested fields as the user just signed in', async () => {
    const res = await env.graphql(SignInUnitDocument, {
      input: { username: 'manager_a', password: PASSWORD },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.login.user?.unit?.name).toBe('市发展和改革委员会');
  });

  it('returns INVALID_CREDENTIALS when the password is wrong or the user unknown', async () => {
    for (const input of [
      { username: 'manager_a', password: 'wrong' },
      { username: 'nobody', password: PASSWORD },
    ]) {
      const res = await env.graphql(SignInDocument, { input });
      expect(res.data?.login.token).toBeNull();
      expect(res.data?.login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    }
  });

  it('rejects an over-long password as BAD_USER_INPUT without echoing it', async () => {
    const res = await env.graphql(SignInDocument, {
      input: { username: 'manager_a', password: 'S3CRET'.repeat(50) },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields).toEqual(['password']);
    expect(res.errors?.[0].message).toContain(
      'password must be shorter than or equal to 256 characters',
    );
    expect(JSON.stringify(res)).not.toContain('S3CRET');
  });
});

describe('bearer tokens', () => {
  it('identifies the viewer in me when the token is valid', async () => {
    const res = await env.graphql(ViewerDocument, {}, world.tokens.managerA);
    expect(res.data?.me).toEqual({
      username: 'manager_a',
      role: 'UNIT_MANAGER',
      unit: { name: '市发展和改革委员会' },
    });
  });

  it('answers UNAUTHENTICATED with HTTP 401 when the token is forged', async () => {
    const res = await env.graphql(MeDocument, {}, `${world.tokens.admin}x`);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED when an anonymous caller asks for data', async () => {
    const res = await env.graphql(PostingCountDocument);
    expect(res.data?.postings ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses anonymous introspection but allows it once signed in', async () => {
    const anonymous = await env.graphql(QueryTypeNameDocument);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await env.graphql(QueryTypeNameDocument, {}, world.tokens.analyst);
    expect(signedIn.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('answers FORBIDDEN when the role may not call the operation', async () => {
    const res = await env.graphql(FeedbackReportsDocument, {}, world.tokens.cadre);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
