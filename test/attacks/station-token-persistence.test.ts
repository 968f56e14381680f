import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubApp,
  type DemoSeed,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
  seedDemo,
} from '../../src/hub/index.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import { generateSigningKeys } from '../../src/protocol/signing.ts';
import { hubConnection } from '../../src/station/runtime/station-node.ts';

const DAY_MS = 86_400_000;

/**
 * A station token is the station's whole identity at the hub: whoever holds it polls the station's
 * tasks and posts its results. It used to live forever: no expiry, no revocation, and a station
 * registered with a steward's API token kept working after that API token was revoked. Each attack
 * holds a copied token and tries to keep using it.
 */
describe('attack: keeping a station credential after it should have ended', () => {
  let db: HubDb;
  let hub: HubApp;
  let seed: DemoSeed;
  let clock = Date.parse('2026-03-01T09:00:00Z');
  beforeAll(async () => {
    db = await openPgliteHubDb();
    hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0, now: () => new Date(clock) });
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
  const steward = async () =>
    (await call('POST', '/api/auth/login', undefined, seed.users.steward1!)).json().token as string;
  const register = async (token: string, name: string) => {
    const r = await call('POST', '/api/stations', token, {
      name,
      organisationId: seed.users.steward1!.organisationId,
      publicKeyPem: generateSigningKeys().publicKeyPem,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { id: string; token: string; tokenExpiresAt: string };
  };
  const poll = (token: string) => call('GET', '/api/station/tasks?wait=0', token);
  const beat = (token: string) =>
    call('POST', '/api/station/heartbeat', token, { dataVersion: 'v1', version: 'test' });

  it('refuses a copied station token from the moment its steward revokes it', async () => {
    const session = await steward();
    const station = await register(session, 'Revoked station');
    const copied = station.token;
    expect((await poll(copied)).statusCode).toBe(200);
    const revoked = await call('POST', `/api/stations/${station.id}/token/revoke`, session);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((await poll(copied)).statusCode).toBe(401);
    expect((await call('POST', '/api/station/token', copied)).statusCode).toBe(401);
    // The steward gives the real station a new token; the copy stays dead.
    const rotated = await call('POST', `/api/stations/${station.id}/token`, session);
    expect(rotated.statusCode).toBe(200);
    expect((await poll(rotated.json().token)).statusCode).toBe(200);
    expect((await poll(copied)).statusCode).toBe(401);
    // Another organisation's steward cannot revoke or rotate it.
    const other = (await call('POST', '/api/auth/login', undefined, seed.users.steward2!)).json().token;
    expect((await call('POST', `/api/stations/${station.id}/token`, other)).statusCode).toBe(404);
    expect((await call('POST', `/api/stations/${station.id}/token/revoke`, other)).statusCode).toBe(404);
  });

  it('refuses a copied station token once it expired, and the old token after the station renewed', async () => {
    const station = await register(await steward(), 'Expiring station');
    expect(Date.parse(station.tokenExpiresAt) - clock).toBe(90 * DAY_MS);
    const beat1 = await beat(station.token);
    expect(beat1.json().tokenExpiresAt).toBe(station.tokenExpiresAt);
    // The station renews before the end; the token copied before is refused from then on.
    clock += 70 * DAY_MS;
    const renewed = await call('POST', '/api/station/token', station.token);
    expect(renewed.statusCode).toBe(200);
    expect(Date.parse(renewed.json().expiresAt) - clock).toBe(90 * DAY_MS);
    expect((await poll(station.token)).statusCode).toBe(401);
    expect((await poll(renewed.json().token)).statusCode).toBe(200);
    // A token nobody renews ends on its date.
    clock += 91 * DAY_MS;
    expect((await poll(renewed.json().token)).statusCode).toBe(401);
  });

  it('lets a station renew its own token before it expires, over HTTP, keeping the new one', async () => {
    const station = await register(await steward(), 'Renewing station');
    const url = await hub.listen(0);
    const client = new HubClient(url, { token: station.token });
    const saved: string[] = [];
    const wire = hubConnection(client, async (t) => {
      saved.push(t);
    });
    const status = { dataVersion: 'v1', version: 'test' };
    await wire.heartbeat(status);
    expect(saved).toEqual([]); // 90 days left: nothing to do
    clock += 61 * DAY_MS; // 29 days left: inside the renewal window
    await wire.heartbeat(status);
    expect(saved).toHaveLength(1);
    expect((await poll(station.token)).statusCode).toBe(401);
    expect((await poll(saved[0]!)).statusCode).toBe(200);
    await wire.heartbeat(status); // renewed: 90 days left again
    expect(saved).toHaveLength(1);
  });

  it('ends the station credentials a stolen steward API token made when that API token is revoked', async () => {
    const session = await steward();
    const made = (await call('POST', '/api/auth/tokens', session, { label: 'setup script' })).json();
    // The thief registers a station with the stolen API token (registering by API token is supported),
    // and renews its token, hoping the new one is free of the API token.
    const rogue = await register(made.token, 'Rogue station');
    const renewed = (await call('POST', '/api/station/token', rogue.token)).json().token as string;
    expect((await poll(renewed)).statusCode).toBe(200);
    // A station the steward registered in a session is not affected.
    const own = await register(session, 'Own station');
    const revoke = await call('POST', `/api/auth/tokens/${made.id}/revoke`, session);
    expect(revoke.statusCode).toBe(200);
    expect((await poll(renewed)).statusCode).toBe(401);
    expect((await poll(own.token)).statusCode).toBe(200);
    const list = (await call('GET', '/api/stations', session)).json();
    expect(list.find((s: { id: string }) => s.id === rogue.id).token.status).toBe('revoked');
    expect(list.find((s: { id: string }) => s.id === own.id).token.status).toBe('active');

    const admin = (await call('POST', '/api/auth/login', undefined, seed.users.auditor!)).json().token;
    const audit = (await call('GET', '/api/audit?limit=100', admin)).json();
    const actions = audit.map((e: { action: string }) => e.action);
    for (const a of ['station.token-revoked', 'station.token-rotated', 'station.token-renewed'])
      expect(actions).toContain(a);
    const apiRevoked = audit.find(
      (e: { action: string; subject?: string }) =>
        e.action === 'auth.api-token-revoked' && e.subject === made.id,
    );
    expect(apiRevoked.details.stationTokensRevoked).toEqual([rogue.id]);
  });
});
