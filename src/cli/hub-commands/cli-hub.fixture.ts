import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCentralRegistry } from '../../analytics/index.ts';
import {
  centralHalvesFromRegistry,
  createHubApp,
  type DemoSeed,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
  seedDemo,
} from '../../hub/index.ts';

/**
 * A demo hub on loopback for the CLI tests, and a fresh config folder (XDG_CONFIG_HOME) with no hub,
 * token or password taken from the environment. The caller closes the hub and the database, restores
 * the environment and removes the folder.
 */
export async function startCliHub(
  prefix: string,
  options: { centralHalves?: boolean } = {},
): Promise<{ config: string; db: HubDb; hub: HubApp; demo: DemoSeed; url: string }> {
  const config = await mkdtemp(join(tmpdir(), prefix));
  process.env.XDG_CONFIG_HOME = config;
  for (const k of ['AI4H_HUB', 'AI4H_TOKEN', 'AI4H_PASSWORD']) delete process.env[k];
  const db = await openPgliteHubDb();
  const hub = await createHubApp({
    db,
    logger: false,
    sweepIntervalMs: 0,
    ...(options.centralHalves === false
      ? {}
      : { centralHalves: centralHalvesFromRegistry(await loadCentralRegistry()) }),
  });
  const demo = await seedDemo(db);
  const url = await hub.listen(0);
  return { config, db, hub, demo, url };
}
