import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginLimits } from '../../src/hub/auth/login-throttle.ts';
import {
  createHubApp,
  type DemoUser,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
  seedDemo,
} from '../../src/hub/index.ts';

/**
 * The attack the first build let through: 40 wrong passwords in one second, then the right one, which
 * was accepted. Now the account is locked after 5 failures and the address after 20: the guesses beyond
 * them are refused without being checked, the right password that follows is refused too (429 with
 * Retry-After), the lock is in the hub's audit log, and it lifts after 15 minutes.
 */
describe('attack: guessing a password by brute force', () => {
  let db: HubDb;
  let hub: HubApp;
  let url: string;
  let user: DemoUser;
  let clock = Date.now();
  beforeAll(async () => {
    db = await openPgliteHubDb();
    hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0, now: () => new Date(clock) });
    user = (await seedDemo(db)).users.researcher!;
    url = await hub.listen(0);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await db?.close();
  });

  const signIn = (email: string, password: string) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('locks the account after 40 wrong passwords in a second and refuses the right one that follows', async () => {
    const started = Date.now();
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(user.email, `guess-${i}`)));
    const statuses = guesses.map((r) => r.status);
    // Only as many guesses as the account allows reached the password check; the others were refused.
    expect(statuses.filter((s) => s === 401)).toHaveLength(LoginLimits.account);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - LoginLimits.account);

    const right = await signIn(user.email, user.password);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(right.status).toBe(429);
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = await right.json();
    expect(body).toMatchObject({
      error: 'tooManyRequests',
      message: 'too many failed sign-ins for this account; try again in 15 minutes',
      where: 'body.email',
      details: { retryAfterSeconds: retryAfter },
    });
    expect(body).not.toHaveProperty('token');

    const audit = await db.query<{ action: string; subject: string | null }>(
      "select entry->>'action' as action, entry->>'subject' as subject from audit_log order by seq",
    );
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === 'auth.login-failed')).toHaveLength(LoginLimits.account);
    expect(audit).toContainEqual({ action: 'auth.login-locked', subject: 'account' });
    expect(actions).toContain('auth.login-refused-while-locked');

    // The lock lifts after 15 minutes, and the right password signs in again.
    clock += LoginLimits.lockMs + 1000;
    const later = await signIn(user.email, user.password);
    expect(later.status).toBe(200);
  }, 120_000);

  it('locks an address that tries many accounts, and only that address', async () => {
    const from = (remoteAddress: string, email: string, password: string) =>
      hub.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });
    const spray = [];
    for (let i = 0; i < LoginLimits.address; i++) {
      spray.push((await from('192.0.2.7', `someone-${i}@example.org`, 'Welkom01!')).statusCode);
    }
    expect(spray.every((s) => s === 401)).toBe(true);
    const next = await from('192.0.2.7', user.email, user.password);
    expect(next.statusCode).toBe(429);
    expect(next.json().message).toBe('too many failed sign-ins from this address; try again in 15 minutes');
    expect((await from('192.0.2.8', user.email, user.password)).statusCode).toBe(200);
  }, 120_000);
});
