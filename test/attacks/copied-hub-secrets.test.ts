import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJwt } from '../../src/hub/auth/tokens.ts';
import {
  createHubApp,
  type HubDb,
  JWT_SECRET_FILE,
  openPgliteHubDb,
  rotateHubSecrets,
  SIGNING_KEY_FILE,
  seedDemo,
} from '../../src/hub/index.ts';
import { generateSigningKeys, keyIdOf, signJson } from '../../src/protocol/signing.ts';
import { defaultPolicy, loadPolicy, pinHubKey, savePolicy } from '../../src/station/index.ts';
import { checkTask } from '../../src/station/task-gate/check-task.ts';

/**
 * Someone copied the hub's secret files (a backup, a stolen disk, a former operator). After the operator
 * rotates them, a sign-in token forged with the old JWT secret is refused, and a task signed with the old
 * signing key — for a permit that was never issued — is refused by a station that pinned the new key.
 */
describe('attack: signing with secrets copied before a rotation', () => {
  let root: string;
  let hubDir: string;
  let db: HubDb;
  let adminId: string;
  let stolen: { jwt: Uint8Array; keys: { publicKeyPem: string; privateKeyPem: string } };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-copied-secrets-'));
    hubDir = join(root, 'hub');
    db = await openPgliteHubDb(hubDir);
    const hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    adminId = (await seedDemo(db)).users.admin!.userId;
    await hub.close();
    stolen = {
      jwt: Buffer.from((await readFile(join(hubDir, JWT_SECRET_FILE), 'utf8')).trim(), 'base64'),
      keys: JSON.parse(await readFile(join(hubDir, SIGNING_KEY_FILE), 'utf8')),
    };
  }, 180_000);
  afterAll(async () => {
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses an admin token forged with the old JWT secret once the secret is rotated', async () => {
    const forge = async () => (await issueJwt(stolen.jwt, adminId, new Date())).token;
    let hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    const before = await hub.inject({
      url: '/api/me',
      headers: { authorization: `Bearer ${await forge()}` },
    });
    expect(before.statusCode).toBe(200); // the copied secret works until the rotation
    await hub.close();

    const rotated = await rotateHubSecrets(db, hubDir, { signingKey: false });
    expect(rotated.rotated).toEqual(['jwt-secret']);
    expect(rotated.keyId).toBe(keyIdOf(stolen.keys.publicKeyPem));

    hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    const after = await hub.inject({ url: '/api/me', headers: { authorization: `Bearer ${await forge()}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: 'unauthenticated', message: 'invalid token' });
    await hub.close();
  }, 120_000);

  it('has a station that pinned the new key refuse a task signed with the old one', async () => {
    const stationDir = join(root, 'station');
    await mkdir(stationDir, { recursive: true });
    await savePolicy(stationDir, defaultPolicy({ hubPublicKey: stolen.keys.publicKeyPem }));
    const task = {
      id: 'tsk_forged',
      runId: 'run_forged',
      stationId: 'st_1',
      permit: { id: 'prm_never_issued' },
    };
    const forged = (keyId: string) => ({ task, keyId, signature: signJson(task, stolen.keys.privateKeyPem) });
    const gate = async () => ({
      policy: await loadPolicy(stationDir),
      stationId: 'st_1',
      now: new Date(),
      revokedPermitIds: new Set<string>(),
    });
    // Before the rotation the stolen key passes the signature check (the task then fails on its content).
    const accepted = checkTask(forged(keyIdOf(stolen.keys.publicKeyPem)), await gate());
    expect(accepted.ok === false && accepted.reason).not.toBe('bad-signature');

    const rotated = await rotateHubSecrets(db, hubDir, { signingKey: true });
    expect(rotated.rotated).toEqual(['jwt-secret', 'signing-key']);
    expect(rotated.previousKeyId).toBe(keyIdOf(stolen.keys.publicKeyPem));
    const hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    const served = (await hub.inject({ url: '/api/hub/key' })).json() as {
      publicKeyPem: string;
      keyId: string;
    };
    await hub.close();
    expect(served.keyId).toBe(rotated.keyId);

    // A hub address answering with another key is not pinned.
    await expect(pinHubKey(stationDir, generateSigningKeys().publicKeyPem, rotated.keyId)).rejects.toThrow(
      /not/,
    );
    const pinned = await pinHubKey(stationDir, served.publicKeyPem, rotated.keyId);
    expect(pinned).toEqual({ keyId: rotated.keyId, previousKeyId: keyIdOf(stolen.keys.publicKeyPem) });

    for (const keyId of [keyIdOf(stolen.keys.publicKeyPem), rotated.keyId]) {
      const refused = checkTask(forged(keyId), await gate());
      expect(refused).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  }, 120_000);
});
