import { randomBytes } from 'node:crypto';
import { generateSigningKeys, keyIdOf, type SigningKeys } from '../../protocol/signing.ts';
import type { HubDb } from '../db/hub-db.ts';

export interface HubSecrets {
  keys: SigningKeys & { keyId: string };
  jwtSecret: Uint8Array;
}

/**
 * The hub's Ed25519 task-signing key and its JWT secret, generated on first start and kept in the hub
 * database so every hub instance sharing it signs with the same key (stations pin its keyId).
 */
export async function loadHubSecrets(db: HubDb): Promise<HubSecrets> {
  const fresh = generateSigningKeys();
  const candidates: Record<string, string> = {
    'signing.public': fresh.publicKeyPem,
    'signing.private': fresh.privateKeyPem,
    'jwt.secret': randomBytes(32).toString('base64'),
  };
  // Insert-if-absent, then read back: two instances starting together agree on one key.
  for (const [key, value] of Object.entries(candidates)) {
    await db.query('insert into hub_settings (key, value) values ($1, $2) on conflict (key) do nothing', [
      key,
      value,
    ]);
  }
  const rows = await db.query<{ key: string; value: string }>('select key, value from hub_settings');
  const get = (k: string) => {
    const v = rows.find((r) => r.key === k)?.value;
    if (v === undefined) throw new Error(`hub setting ${k} missing after initialisation`);
    return v;
  };
  const publicKeyPem = get('signing.public');
  return {
    keys: { publicKeyPem, privateKeyPem: get('signing.private'), keyId: keyIdOf(publicKeyPem) },
    jwtSecret: Buffer.from(get('jwt.secret'), 'base64'),
  };
}
