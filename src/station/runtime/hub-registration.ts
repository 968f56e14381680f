import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { badInputFromZod } from '../../common/input-issues.ts';
import { generateSigningKeys, type SigningKeys } from '../../protocol/signing.ts';

/**
 * How a station reaches its hub: `hub.json` in the station folder (mode 0600: it holds the station's
 * token). Created when a steward registers the station at the hub.
 */
export const HubRegistrationSchema = z.object({
  hubUrl: z.string().url(),
  stationId: z.string().min(1),
  token: z.string().min(1),
});
export type HubRegistration = z.infer<typeof HubRegistrationSchema>;

export const HUB_FILE = 'hub.json';
export const SIGNING_KEY_FILE = 'station-signing.json';

export async function loadHubRegistration(stationDir: string): Promise<HubRegistration | undefined> {
  const path = join(stationDir, HUB_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = HubRegistrationSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw badInputFromZod(parsed.error, HUB_FILE, 'is not a hub registration');
  return parsed.data;
}

export async function saveHubRegistration(stationDir: string, registration: HubRegistration): Promise<void> {
  await writeFile(join(stationDir, HUB_FILE), `${JSON.stringify(registration, null, 2)}\n`, { mode: 0o600 });
}

/** The station's Ed25519 identity, created once; the hub records its public key at registration. */
export async function stationSigningKeys(stationDir: string): Promise<SigningKeys> {
  const path = join(stationDir, SIGNING_KEY_FILE);
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as SigningKeys;
  const keys = generateSigningKeys();
  await writeFile(path, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  return keys;
}
