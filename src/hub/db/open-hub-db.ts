import { mkdir } from 'node:fs/promises';
import { badInput } from '../../common/app-error.ts';
import type { HubDb } from './hub-db.ts';
import { openPgliteHubDb } from './pglite-hub-db.ts';
import { openPostgresHubDb } from './postgres-hub-db.ts';

/**
 * Opens the hub database: a PostgreSQL server when `url` is given (`postgres://…[?schema=name]`),
 * otherwise embedded PGlite in `dataDir` (every commit flushed to disk unless `durable: false`).
 */
export async function openHubDb(options: {
  url?: string;
  dataDir?: string;
  durable?: boolean;
}): Promise<HubDb> {
  if (options.url) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw badInput('not a URL', '--db');
    }
    if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw badInput('expected a postgres:// URL', '--db');
    const schema = parsed.searchParams.get('schema') ?? undefined;
    parsed.searchParams.delete('schema');
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw badInput('schema must be a lower-case SQL identifier', '--db');
    }
    return openPostgresHubDb({ connectionString: parsed.toString(), ...(schema ? { schema } : {}) });
  }
  const dir = options.dataDir ?? '.data/hub';
  await mkdir(dir, { recursive: true });
  return openPgliteHubDb(dir, { durable: options.durable ?? true });
}
