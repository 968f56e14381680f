import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import { CONTRACT_TABLES, patient, stationStoreContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'ai4h-duckdb-store-'));

stationStoreContract(
  'DuckDB',
  (tables, key) => openStore({ backend: 'duckdb', path: join(dir, `${key}.duckdb`) }, tables),
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('DuckDB store: algorithm SQL', () => {
  it('cannot reach files, extensions or settings, and leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ai4h-duckdb-read-only-'));
    const store = await openStore(
      { backend: 'duckdb', path: join(dir, 'read-only.duckdb') },
      CONTRACT_TABLES,
    );
    try {
      writeFileSync(join(dir, 'outside.csv'), 'a\n1\n');
      const refusals: [string, RegExp][] = [
        [`ATTACH '${join(dir, 'other.duckdb')}' AS other`, /Permission Error/],
        [`SELECT * FROM read_csv('${join(dir, 'outside.csv')}')`, /Permission Error/],
        ['INSTALL httpfs', /Permission Error/],
        ['LOAD httpfs', /Permission Error/],
        ["SET memory_limit = '8GB'", /configuration has been locked/],
        ['SET enable_external_access = true', /configuration has been locked/],
        ['CREATE TABLE leak (x INTEGER)', /read-only mode/],
      ];
      for (const [sql, why] of refusals) await expect(store.readOnlyQuery(sql), sql).rejects.toThrow(why);
      expect(existsSync(join(dir, 'other.duckdb'))).toBe(false);
      // A temporary table lives on the call's own connection and goes with it.
      await store.readOnlyQuery('CREATE TEMP TABLE scratch AS SELECT 1 AS x');
      await expect(store.readOnlyQuery('SELECT * FROM scratch')).rejects.toThrow(/scratch/);
      // The store's own statements are not limited by the read-only connection.
      await store.writeBatch([patient('d1', '1970-01-01')]);
      expect(await store.readOnlyQuery('SELECT id FROM patient')).toEqual([{ id: 'd1' }]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
