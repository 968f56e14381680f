import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { badInput } from '../../common/app-error.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import { replaceFile } from '../../common/replace-file.ts';

export { SIGNING_KEY_FILE, stationSigningKeys } from '../station-signing-key.ts';

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

export async function loadHubRegistration(stationDir: string): Promise<HubRegistration | undefined> {
  const path = join(stationDir, HUB_FILE);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw badInput('not valid JSON', HUB_FILE);
  }
  const parsed = HubRegistrationSchema.safeParse(json);
  if (!parsed.success) throw badInputFromZod(parsed.error, HUB_FILE, 'is not a hub registration');
  return parsed.data;
}

export async function saveHubRegistration(stationDir: string, registration: HubRegistration): Promise<void> {
  await replaceFile(join(stationDir, HUB_FILE), `${JSON.stringify(registration, null, 2)}\n`, {
    mode: 0o600,
  });
}
