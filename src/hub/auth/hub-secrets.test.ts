import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeys } from '../../protocol/signing.ts';
import { migrate } from '../db/migrations.ts';
import { openPgliteHubDb } from '../db/pglite-hub-db.ts';
import { createHubApp } from '../http/hub-app.ts';
import { JWT_SECRET_FILE, loadHubSecrets, SIGNING_KEY_FILE } from './hub-secrets.ts';

/** Files under `dir` (other than `except`) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: Buffer, except: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!except.includes(e.name) && readFileSync(p).includes(needle)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

describe('the hub secrets in their own files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-hub-secrets-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates them 0600 in the hub folder and writes neither into the database', async () => {
    const dir = join(root, 'fresh');
    const db = await openPgliteHubDb(dir);
    const hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    const { privateKeyPem } = hub.ctx.keys;
    const jwt = Buffer.from(hub.ctx.jwtSecret);
    await hub.close();
    await db.exec('checkpoint');
    const keys = await db.query<{ key: string }>('select key from hub_settings order by key');
    expect(keys.map((r) => r.key)).toEqual(['jwt.fingerprint', 'signing.public']);
    await db.close();
    for (const f of [SIGNING_KEY_FILE, JWT_SECRET_FILE])
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')).privateKeyPem).toBe(privateKeyPem);
    // Neither secret anywhere in the database's files, its write-ahead log included.
    const body = privateKeyPem.split('\n')[1]!;
    const secretFiles = [SIGNING_KEY_FILE, JWT_SECRET_FILE];
    expect(filesContaining(dir, Buffer.from(body), secretFiles)).toEqual([]);
    expect(filesContaining(dir, jwt, secretFiles)).toEqual([]);
    expect(filesContaining(dir, Buffer.from(jwt.toString('base64')), secretFiles)).toEqual([]);
  }, 120_000);

  it('moves the secrets of an older database out into the files and deletes them there', async () => {
    const dir = join(root, 'legacy');
    const db = await openPgliteHubDb(dir);
    await migrate(db);
    const old = generateSigningKeys();
    const oldJwt = Buffer.alloc(32, 7).toString('base64');
    for (const [k, v] of [
      ['signing.public', old.publicKeyPem],
      ['signing.private', old.privateKeyPem],
      ['jwt.secret', oldJwt],
    ])
      await db.query('insert into hub_settings (key, value) values ($1, $2)', [k, v]);
    const hub = await createHubApp({ db, logger: false, sweepIntervalMs: 0 });
    expect(hub.ctx.keys.publicKeyPem).toBe(old.publicKeyPem); // the stations' pinned key still holds
    expect(Buffer.from(hub.ctx.jwtSecret).toString('base64')).toBe(oldJwt);
    const audit = await db.query<{ action: string }>("select entry->>'action' as action from audit_log");
    expect(audit.map((a) => a.action)).toContain('hub.secrets-moved-to-files');
    await hub.close();
    const rows = await db.query<{ key: string }>('select key from hub_settings order by key');
    expect(rows.map((r) => r.key)).toEqual(['jwt.fingerprint', 'signing.public']);
    expect(JSON.parse(await readFile(join(dir, SIGNING_KEY_FILE), 'utf8')).privateKeyPem).toBe(
      old.privateKeyPem,
    );
    expect((await readFile(join(dir, JWT_SECRET_FILE), 'utf8')).trim()).toBe(oldJwt);
    // A second start reads the files and has nothing left to move.
    expect((await loadHubSecrets(db, dir)).movedOutOfDatabase).toBe(false);
    await db.close();
  }, 120_000);

  it('refuses to start with the secret files of another hub, or without them', async () => {
    const dir = join(root, 'fresh');
    const db = await openPgliteHubDb(dir);
    const other = join(root, 'other-secrets');
    const otherDb = await openPgliteHubDb();
    await migrate(otherDb);
    await loadHubSecrets(otherDb, other);
    await otherDb.close();
    await expect(loadHubSecrets(db, other)).rejects.toThrow(/belongs to key/);
    await expect(loadHubSecrets(db, join(root, 'empty'))).rejects.toThrow(/this hub database has secrets/);
    // Copying the hub folder's files is what another instance needs.
    await mkdir(join(root, 'copy'));
    await cp(join(dir, SIGNING_KEY_FILE), join(root, 'copy', SIGNING_KEY_FILE));
    await cp(join(dir, JWT_SECRET_FILE), join(root, 'copy', JWT_SECRET_FILE));
    expect((await loadHubSecrets(db, join(root, 'copy'))).keys.keyId).toBeTruthy();
    await db.close();
  }, 120_000);
});
