import { describe, expect, it } from 'vitest';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../test-support/postgres.ts';
import { openStore } from './open-store.ts';
import { stationStoreContract } from './store-contract.ts';

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
