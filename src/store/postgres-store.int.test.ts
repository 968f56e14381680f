import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../test-support/postgres.ts';
import { openStore } from './open-store.ts';
import { readerRoleName } from './postgres-store.ts';
import { CONTRACT_TABLES, patient, stationStoreContract } from './store-contract.ts';

const available = await postgresAvailable();
const schemas = new Map<string, string>();

if (available) {
  stationStoreContract(
    'PostgreSQL',
    async (tables, key) => {
      let schema = schemas.get(key);
      if (!schema) {
        schema = await freshSchema(`store_${key}`);
        schemas.set(key, schema);
      }
      return openStore({ backend: 'postgres', url: TEST_PG_URL, schema }, tables);
    },
    async () => {
      for (const s of schemas.values()) await dropSchema(s);
    },
  );
  describe('PostgreSQL station store', () => {
    it('runs algorithm SQL as a role that reads only its own station, and resets the session after', async () => {
      const mine = await freshSchema('reader_mine');
      const theirs = await freshSchema('reader_theirs');
      const store = await openStore({ backend: 'postgres', url: TEST_PG_URL, schema: mine }, CONTRACT_TABLES);
      const other = await openStore(
        { backend: 'postgres', url: TEST_PG_URL, schema: theirs },
        CONTRACT_TABLES,
      );
      try {
        await other.writeBatch([patient('t1', '1960-01-01')]);
        expect(await store.readOnlyQuery('SELECT current_user AS u')).toEqual([{ u: readerRoleName(mine) }]);
        const refusals: [string, RegExp][] = [
          // Another station's tables in the same database.
          [`SELECT id FROM "${theirs}".patient`, /permission denied/],
          ["SELECT pg_read_file('postgresql.conf')", /permission denied/],
          [`COPY patient TO '${join(tmpdir(), 'ai4h-leak.csv')}'`, /must be superuser|privileges/],
          ['CREATE EXTENSION IF NOT EXISTS dblink', /read-only transaction/],
          ['CREATE TEMP TABLE scratch (x integer)', /read-only transaction/],
          ["WITH x AS (SELECT 'x' AS id) INSERT INTO patient (id) SELECT id FROM x", /read-only transaction/],
        ];
        for (const [sql, why] of refusals) await expect(store.readOnlyQuery(sql), sql).rejects.toThrow(why);
        // What one statement may change in its session does not reach the next one.
        await store.readOnlyQuery("SELECT set_config('search_path', 'pg_catalog', false)");
        await store.readOnlyQuery('SELECT pg_advisory_lock(4242)');
        for (let i = 0; i < 4; i++) {
          expect(await store.readOnlyQuery('SELECT current_user AS u')).toEqual([
            { u: readerRoleName(mine) },
          ]);
          expect(await store.readOnlyQuery('SELECT count(*) AS n FROM patient')).toEqual([{ n: 0 }]);
        }
        const locks = await store.query(
          "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242",
        );
        expect(locks).toEqual([{ n: 0 }]);
      } finally {
        await store.close();
        await other.close();
        await dropSchema(mine);
        await dropSchema(theirs);
      }
    });

    it('creates the schema of a new station', async () => {
      const schema = `new_station_${process.pid}_${Date.now()}`;
      const store = await openStore({ backend: 'postgres', url: TEST_PG_URL, schema }, []);
      try {
        expect(await store.query('SELECT current_schema() AS s')).toEqual([{ s: schema }]);
        expect(await store.batchCount()).toBe(0);
      } finally {
        await store.close();
        await dropSchema(schema);
      }
    });
  });
} else {
  describe.skip('StationStore contract: PostgreSQL (no server)', () => {
    it('needs PostgreSQL', () => {});
  });
}
