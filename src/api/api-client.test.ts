import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.ts';
import { createApiClient } from './api-client.ts';

/** A fetch that answers from a table and remembers what it was asked. */
function fakeFetch(
  answer: (url: URL, init: RequestInit) => { status: number; body: unknown; text?: string },
) {
  const asked: { url: URL; init: RequestInit }[] = [];
  const impl: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    asked.push({ url, init });
    const a = answer(url, init);
    return new Response(a.text ?? JSON.stringify(a.body), { status: a.status });
  };
  return { impl, asked };
}

const user = {
  id: 'usr_1',
  email: 'r@example.org',
  name: 'R',
  organisationId: 'org_1',
  role: 'researcher',
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('createApiClient', () => {
  it('fills in path parameters, sends the query and body, and the token on routes that need one', async () => {
    const { impl, asked } = fakeFetch((url) =>
      url.pathname === '/api/auth/login'
        ? { status: 200, body: { token: 'jwt-1', expiresAt: '2025-01-01T00:15:00.000Z', user } }
        : { status: 404, body: { error: 'notFound', message: 'no such run', where: 'id' } },
    );
    const api = createApiClient({ baseUrl: 'http://hub.test/', fetch: impl });
    const { token } = await api.login({ body: { email: user.email, password: 'pw' } });
    api.setToken(token);
    const err = await api
      .getRun({ params: { id: 'run/1 x' }, query: { wait: 5, version: undefined } })
      .catch((e: unknown) => e);
    expect(asked[0]!.init.headers).not.toHaveProperty('authorization');
    expect(JSON.parse(String(asked[0]!.init.body))).toEqual({ email: user.email, password: 'pw' });
    expect(asked[1]!.url.pathname).toBe('/api/runs/run%2F1%20x');
    expect(asked[1]!.url.search).toBe('?wait=5');
    expect(asked[1]!.init.headers).toMatchObject({ authorization: 'Bearer jwt-1' });
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'notFound', where: 'GET /api/runs/run%2F1%20x id' });
  });

  it("keeps the hub's issues and refusal reason", async () => {
    const issues = [
      { path: 'body.title', message: 'Too small' },
      { path: 'body.stations[1]', message: 'Too small' },
    ];
    const { impl } = fakeFetch(() => ({
      status: 400,
      body: {
        error: 'badInput',
        message: 'Too small (and 1 more)',
        where: 'body.title',
        details: { problems: 2, issues },
      },
    }));
    const api = createApiClient({ fetch: impl, baseUrl: 'http://hub.test' });
    const bad = (await api.listStations().catch((e: unknown) => e)) as AppError;
    expect(bad).toMatchObject({ code: 'badInput', details: { issues } });
    const refused = fakeFetch(() => ({
      status: 403,
      body: {
        error: 'forbidden',
        message: 'the query budget is used up',
        where: 'permitId',
        details: { reason: 'budget-exhausted' },
      },
    }));
    const e = (await createApiClient({ fetch: refused.impl, baseUrl: 'http://hub.test' })
      .createRun({ body: { permitId: 'p', algorithm: { name: 'a', version: '1' }, input: {} } })
      .catch((x: unknown) => x)) as AppError;
    expect(e).toMatchObject({ code: 'forbidden', details: { reason: 'budget-exhausted' } });
  });

  it('refuses an answer that does not match the route, naming where', async () => {
    const { impl } = fakeFetch(() => ({ status: 200, body: [{ ...user, role: 'superuser' }] }));
    const e = (await createApiClient({ fetch: impl, baseUrl: 'http://hub.test' })
      .listUsers()
      .catch((x: unknown) => x)) as AppError;
    expect(e).toMatchObject({ code: 'unprocessable', where: 'GET /api/users response[0].role' });
    const page = fakeFetch(() => ({ status: 502, body: null, text: '<html>bad gateway</html>' }));
    const gateway = (await createApiClient({ fetch: page.impl, baseUrl: 'http://hub.test' })
      .hubKey()
      .catch((x: unknown) => x)) as AppError;
    expect(gateway).toMatchObject({ code: 'unavailable', message: 'GET /api/hub/key: hub answered 502' });
  });

  it('gives text routes their text', async () => {
    const { impl } = fakeFetch(() => ({ status: 200, body: null, text: '@prefix dcat: <x> .' }));
    const ttl = await createApiClient({ fetch: impl, baseUrl: 'http://hub.test' }).catalogueTurtle();
    expect(ttl).toBe('@prefix dcat: <x> .');
  });
});
