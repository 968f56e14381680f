import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubApp,
  type DemoSeed,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
  seedDemo,
} from '../../src/hub/index.ts';

/**
 * An API token cannot create API tokens (one that could make the next would never expire). A stolen
 * admin API token could still create a user with a password of the thief's choosing, which signs in
 * and mints tokens of its own: access that outlives the token's revocation and expiry. Creating users
 * (with a password) is for a signed-in session only, like creating tokens.
 */
describe('attack: keeping access after a stolen admin API token is revoked', () => {
  let db: HubDb;
  let hub: HubApp;
  let seed: DemoSeed;
  beforeAll(async () => {
    db = await openPgliteHubDb();
    hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    seed = await seedDemo(db);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    hub.inject({
      method,
      url,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('refuses to create a user with an API token, so revoking the token ends the access', async () => {
    const admin = seed.users.admin!;
    const session = (await call('POST', '/api/auth/login', undefined, admin)).json().token as string;
    const made = (await call('POST', '/api/auth/tokens', session, { label: 'script' })).json();
    const stolen = made.token as string;
    expect(stolen).toMatch(/^ai4h_u_/);

    // The thief, with the API token only: a new admin whose password the thief knows.
    const backdoor = {
      email: 'maintenance@example.org',
      name: 'Maintenance',
      organisationId: admin.organisationId,
      role: 'admin',
      password: 'thief-chosen-password',
    };
    const created = await call('POST', '/api/users', stolen, backdoor);
    expect(created.statusCode, created.body).toBe(403);
    expect(created.json()).toMatchObject({ error: 'forbidden', where: 'Authorization' });

    // The owner revokes the token; the thief has nothing left.
    expect((await call('POST', `/api/auth/tokens/${made.id}/revoke`, session)).statusCode).toBe(200);
    expect((await call('GET', '/api/me', stolen)).statusCode).toBe(401);
    const signIn = await call('POST', '/api/auth/login', undefined, {
      email: backdoor.email,
      password: backdoor.password,
    });
    expect(signIn.statusCode).toBe(401);

    // A signed-in admin still creates users.
    const honest = await call('POST', '/api/users', session, { ...backdoor, email: 'new@example.org' });
    expect(honest.statusCode).toBe(201);
  }, 120_000);
});
