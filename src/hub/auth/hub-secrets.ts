import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict } from '../../common/app-error.ts';
import { makeOwnerOnly } from '../../common/owner-only.ts';
import { createFile, replaceFile } from '../../common/replace-file.ts';
import { generateSigningKeys, keyIdOf, type SigningKeys } from '../../protocol/signing.ts';
import type { HubDb } from '../db/hub-db.ts';

export interface HubSecrets {
  keys: SigningKeys & { keyId: string };
  jwtSecret: Uint8Array;
}

/** The hub's Ed25519 task-signing key pair, mode 0600, in the hub folder. */
export const SIGNING_KEY_FILE = 'hub-signing-key.json';
/** The secret that signs the hub's 15-minute sign-in tokens, mode 0600, in the hub folder. */
export const JWT_SECRET_FILE = 'hub-jwt-secret';

const SECRET_MODE = 0o600;
/** Rows of `hub_settings` that held the secrets before they moved to files (still so without a folder). */
const LEGACY_PRIVATE = { signing: 'signing.private', jwt: 'jwt.secret' } as const;
/** Non-secret records of which secrets the database belongs to (a copy at another instance must match). */
const RECORD = { signing: 'signing.public', jwt: 'jwt.fingerprint' } as const;

/** What {@link loadHubSecrets} found and did. */
export interface LoadedHubSecrets extends HubSecrets {
  /** The secrets were in the database (an older hub) and were moved to their files now. */
  movedOutOfDatabase: boolean;
}

/**
 * The hub's task-signing key and JWT secret: read from their own files in `dir` (the hub folder, mode
 * 0600 each), never from the database, so a copy of the database or of its write-ahead log signs
 * nothing. On first start they are generated; an older database that still holds them has them moved
 * to the files and deleted. The database keeps only the public key and a fingerprint of the JWT secret,
 * so a hub instance started with other or missing secret files (another instance's folder, a restored
 * backup) refuses to start instead of signing with a key the stations do not know.
 *
 * Without `dir` (an in-memory database in tests, which has no folder) they are kept in the database, as
 * hubs before this version did; `ai4h hub` always gives the hub folder.
 */
export async function loadHubSecrets(db: HubDb, dir?: string): Promise<LoadedHubSecrets> {
  const settings = await readSettings(db);
  let secrets: HubSecrets | undefined;
  let movedOutOfDatabase = false;
  if (dir === undefined) {
    secrets = fromSettings(settings);
    if (!secrets && settings.has(RECORD.signing)) {
      throw conflict(
        'this hub database has secrets in a hub folder; give that folder (--data)',
        'hub secrets',
      );
    }
    if (!secrets) {
      await keepInDatabase(db, freshSecrets());
      secrets = fromSettings(await readSettings(db))!;
    }
  } else {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await makeOwnerOnly(dir);
    secrets = await readSecretFiles(dir);
    if (!secrets) {
      const legacy = fromSettings(settings);
      if (!legacy && settings.has(RECORD.signing)) {
        throw conflict(
          `no ${SIGNING_KEY_FILE} and ${JWT_SECRET_FILE} in ${dir}, but this hub database has secrets: copy them from the hub folder that has them, or make new ones with \`ai4h hub rotate-secret --signing-key\` (stations then pin the new key)`,
          dir,
        );
      }
      secrets = await createSecretFiles(dir, legacy ?? freshSecrets());
      movedOutOfDatabase = legacy !== undefined;
    }
  }
  checkRecord(settings, secrets, dir);
  await recordSecrets(db, secrets, false);
  // Another instance may have recorded its own secrets since we read: the record is what counts.
  checkRecord(await readSettings(db), secrets, dir);
  if (dir !== undefined && (settings.has(LEGACY_PRIVATE.signing) || settings.has(LEGACY_PRIVATE.jwt))) {
    await forgetLegacySecrets(db);
    movedOutOfDatabase = true;
  }
  return { ...secrets, movedOutOfDatabase };
}

/**
 * Replaces the JWT secret (every sign-in token issued before is refused from the next start on) and,
 * with `signingKey`, the task-signing key pair (stations refuse tasks signed with the old key, and
 * accept the new one once their steward pins it: `ai4h station pin-hub-key`). Works also when the
 * files are missing or do not match the database. Stop the hub first; with several instances on one
 * PostgreSQL, copy the new files to each and restart them.
 */
export async function rotateHubSecrets(
  db: HubDb,
  dir: string,
  options: { signingKey: boolean; now?: Date },
): Promise<{ keyId: string; previousKeyId?: string; rotated: ('jwt-secret' | 'signing-key')[] }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const current = await readSecretFiles(dir).catch(() => undefined);
  const settings = await readSettings(db);
  const fresh = freshSecrets();
  const keys = options.signingKey || !current ? fresh.keys : current.keys;
  const next: HubSecrets = { keys, jwtSecret: fresh.jwtSecret };
  await writeSecretFiles(dir, next, replaceFile);
  await recordSecrets(db, next, true);
  await forgetLegacySecrets(db);
  const previous = settings.get(RECORD.signing);
  const rotated: ('jwt-secret' | 'signing-key')[] = ['jwt-secret'];
  if (keys !== current?.keys) rotated.push('signing-key');
  return {
    keyId: keys.keyId,
    ...(previous ? { previousKeyId: keyIdOf(previous) } : {}),
    rotated,
  };
}

/** A fingerprint of the JWT secret that says nothing about it (an HMAC of a fixed text). */
export function jwtFingerprint(secret: Uint8Array): string {
  return createHmac('sha256', secret).update('ai4h hub jwt secret fingerprint').digest('hex');
}

/** Insert-if-absent: two instances starting together on one database agree on one set. */
async function keepInDatabase(db: HubDb, secrets: HubSecrets): Promise<void> {
  const rows: [string, string][] = [
    [RECORD.signing, secrets.keys.publicKeyPem],
    [LEGACY_PRIVATE.signing, secrets.keys.privateKeyPem],
    [LEGACY_PRIVATE.jwt, Buffer.from(secrets.jwtSecret).toString('base64')],
  ];
  for (const [key, value] of rows) {
    await db.query('insert into hub_settings (key, value) values ($1, $2) on conflict (key) do nothing', [
      key,
      value,
    ]);
  }
}

function freshSecrets(): HubSecrets {
  const keys = generateSigningKeys();
  return { keys: { ...keys, keyId: keyIdOf(keys.publicKeyPem) }, jwtSecret: randomBytes(32) };
}

async function readSettings(db: HubDb): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; value: string }>('select key, value from hub_settings');
  return new Map(rows.map((r) => [r.key, r.value]));
}

function fromSettings(settings: Map<string, string>): HubSecrets | undefined {
  const privateKeyPem = settings.get(LEGACY_PRIVATE.signing);
  const publicKeyPem = settings.get(RECORD.signing);
  const jwt = settings.get(LEGACY_PRIVATE.jwt);
  if (!privateKeyPem || !publicKeyPem || !jwt) return undefined;
  return {
    keys: { publicKeyPem, privateKeyPem, keyId: keyIdOf(publicKeyPem) },
    jwtSecret: Buffer.from(jwt, 'base64'),
  };
}

function checkRecord(settings: Map<string, string>, secrets: HubSecrets, dir: string | undefined): void {
  const where = dir ?? 'hub secrets';
  const publicKey = settings.get(RECORD.signing);
  if (publicKey !== undefined && keyIdOf(publicKey) !== secrets.keys.keyId) {
    throw conflict(
      `${SIGNING_KEY_FILE} holds key ${secrets.keys.keyId} but this hub database belongs to key ${keyIdOf(publicKey)}: copy the files of that hub's folder, or make new ones with \`ai4h hub rotate-secret --signing-key\``,
      where,
    );
  }
  const fingerprint = settings.get(RECORD.jwt);
  if (fingerprint !== undefined && fingerprint !== jwtFingerprint(secrets.jwtSecret)) {
    throw conflict(
      `${JWT_SECRET_FILE} is not the JWT secret of this hub database: copy it from that hub's folder, or make a new one with \`ai4h hub rotate-secret\``,
      where,
    );
  }
}

async function recordSecrets(db: HubDb, secrets: HubSecrets, replace: boolean): Promise<void> {
  const onConflict = replace ? 'do update set value = excluded.value' : 'do nothing';
  const sql = `insert into hub_settings (key, value) values ($1, $2) on conflict (key) ${onConflict}`;
  await db.query(sql, [RECORD.signing, secrets.keys.publicKeyPem]);
  await db.query(sql, [RECORD.jwt, jwtFingerprint(secrets.jwtSecret)]);
}

/**
 * Deletes the secrets an older hub kept in the database, and rewrites the table so the deleted rows do
 * not linger in its pages. Copies may remain in old write-ahead log segments and backups until they are
 * recycled: rotate the secrets after the move (`ai4h hub rotate-secret --signing-key`).
 */
async function forgetLegacySecrets(db: HubDb): Promise<void> {
  const deleted = await db.query('delete from hub_settings where key = $1 or key = $2 returning key', [
    LEGACY_PRIVATE.signing,
    LEGACY_PRIVATE.jwt,
  ]);
  if (deleted.length > 0) await db.exec('vacuum full hub_settings');
}

async function readSecretFiles(dir: string): Promise<HubSecrets | undefined> {
  const read = async (name: string) => {
    const path = join(dir, name);
    try {
      const text = await readFile(path, 'utf8');
      await makeOwnerOnly(path);
      return text;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
  const [signing, jwt] = [await read(SIGNING_KEY_FILE), await read(JWT_SECRET_FILE)];
  if (signing === undefined && jwt === undefined) return undefined;
  if (signing === undefined || jwt === undefined) {
    throw conflict(
      `${signing === undefined ? SIGNING_KEY_FILE : JWT_SECRET_FILE} is missing beside the other secret file`,
      dir,
    );
  }
  let keys: SigningKeys;
  try {
    keys = JSON.parse(signing) as SigningKeys;
  } catch {
    throw conflict('not valid JSON', join(dir, SIGNING_KEY_FILE));
  }
  if (typeof keys.publicKeyPem !== 'string' || typeof keys.privateKeyPem !== 'string') {
    throw conflict('publicKeyPem and privateKeyPem expected', join(dir, SIGNING_KEY_FILE));
  }
  const jwtSecret = Buffer.from(jwt.trim(), 'base64');
  if (jwtSecret.length < 32)
    throw conflict('expected at least 32 bytes in base64', join(dir, JWT_SECRET_FILE));
  return { keys: { ...keys, keyId: keyIdOf(keys.publicKeyPem) }, jwtSecret };
}

/** Creates both files; when another instance sharing the folder created them first, reads theirs. */
async function createSecretFiles(dir: string, secrets: HubSecrets): Promise<HubSecrets> {
  try {
    await writeSecretFiles(dir, secrets, createFile);
    return secrets;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const theirs = await readSecretFiles(dir);
    if (!theirs) throw e;
    return theirs;
  }
}

async function writeSecretFiles(
  dir: string,
  secrets: HubSecrets,
  write: (path: string, text: string, options: { mode: number }) => Promise<void>,
): Promise<void> {
  const { publicKeyPem, privateKeyPem } = secrets.keys;
  await write(join(dir, SIGNING_KEY_FILE), `${JSON.stringify({ publicKeyPem, privateKeyPem }, null, 2)}\n`, {
    mode: SECRET_MODE,
  });
  await write(join(dir, JWT_SECRET_FILE), `${Buffer.from(secrets.jwtSecret).toString('base64')}\n`, {
    mode: SECRET_MODE,
  });
}
