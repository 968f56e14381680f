import { describe, it } from 'vitest';
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
} else {
  describe.skip('StationStore contract: PostgreSQL (no server)', () => {
    it('needs PostgreSQL', () => {});
  });
}
