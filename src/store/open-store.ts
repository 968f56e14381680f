import { openDuckdbStore } from './duckdb-store.ts';
import { openPostgresStore } from './postgres-store.ts';
import type { StationStore } from './station-store.ts';
import type { TableSpec } from './table-spec.ts';

export type StoreLocation =
  | {
      readonly backend: 'duckdb';
      readonly path: string;
      readonly memoryLimit?: string;
      readonly threads?: number;
    }
  | { readonly backend: 'postgres'; readonly url: string; readonly schema?: string };

/** Opens and migrates the store at `location` with the given tables. */
export async function openStore(
  location: StoreLocation,
  tables: readonly TableSpec[],
): Promise<StationStore> {
  const store =
    location.backend === 'duckdb'
      ? await openDuckdbStore({
          path: location.path,
          tables,
          memoryLimit: location.memoryLimit,
          threads: location.threads,
        })
      : await openPostgresStore({ url: location.url, schema: location.schema, tables });
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  return store;
}
