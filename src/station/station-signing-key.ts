import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { badInput, forbidden } from '../common/app-error.ts';
import { createFile } from '../common/replace-file.ts';
import { generateSigningKeys, keyIdOf, type SigningKeys } from '../protocol/signing.ts';

/** The station's Ed25519 key pair: mode 0600, created with the station, never leaves it. */
export const SIGNING_KEY_FILE = 'station-signing.json';

const KeyFileSchema = z.object({ publicKeyPem: z.string().min(1), privateKeyPem: z.string().min(1) });

export type StationSigningKeys = SigningKeys & { keyId: string };

/**
 * The station's own signing key: it signs the head of the station's audit chain, and the hub holds its
 * public key (registered with the station). Created once, the first time it is asked for (a station
 * made before keys existed gets one then); a key file readable by other users is refused.
 */
export async function stationSigningKeys(stationDir: string): Promise<StationSigningKeys> {
  const known = await readStationSigningKeys(stationDir);
  if (known) return known;
  const keys = generateSigningKeys();
  try {
    await createFile(join(stationDir, SIGNING_KEY_FILE), JSON.stringify(keys), { mode: 0o600 });
  } catch (e) {
    // Another process created it first: that one is the station's key.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await readStationSigningKeys(stationDir))!;
    throw e;
  }
  return { ...keys, keyId: keyIdOf(keys.publicKeyPem) };
}

/** The station's signing key, or undefined when it has none yet. */
export async function readStationSigningKeys(stationDir: string): Promise<StationSigningKeys | undefined> {
  const path = join(stationDir, SIGNING_KEY_FILE);
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0 && process.platform !== 'win32') {
      throw forbidden(`${SIGNING_KEY_FILE} is readable by other users; restrict it with chmod 600`, path);
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let parsed: z.infer<typeof KeyFileSchema>;
  try {
    parsed = KeyFileSchema.parse(JSON.parse(text));
  } catch {
    throw badInput('not a station signing key (publicKeyPem, privateKeyPem)', path);
  }
  return { ...parsed, keyId: keyIdOf(parsed.publicKeyPem) };
}
