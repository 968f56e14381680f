import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../../test-support/postgres.ts';
import { openPostgresHubDb } from '../db/postgres-hub-db.ts';
import { hubApiSuite } from './hub-api.case.ts';

hubApiSuite('PostgreSQL', async () => {
  if (!(await postgresAvailable())) return undefined;
  const schema = await freshSchema('hub');
  const db = openPostgresHubDb({ connectionString: TEST_PG_URL, schema });
  return {
    db,
    cleanup: async () => {
      await db.close();
      await dropSchema(schema);
    },
  };
});
