import pg from 'pg';
import { readerRoleName } from '../store/postgres-store.ts';

/**
 * PostgreSQL for integration tests. Uses AI4H_TEST_PG_URL, or the local server
 * (postgres://postgres@127.0.0.1:5432/test). When no server answers, tests skip with a message that says
 * how to enable them.
 */
export const TEST_PG_URL = process.env.AI4H_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      console.warn(
        `PostgreSQL tests skipped: no server at ${TEST_PG_URL.replace(/\/\/[^@]*@/, '//')}. ` +
          'Start PostgreSQL locally (trust auth, database "test") or set AI4H_TEST_PG_URL to enable them.',
      );
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/** A fresh schema per test file so parallel test files do not collide. Returns its name. */
export async function freshSchema(prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`.toLowerCase();
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`create schema "${name}"`);
  } finally {
    await client.end();
  }
  return name;
}

export async function dropSchema(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${name}" cascade`);
    // The role a station store made for algorithm SQL on this schema (postgres-store.ts).
    await client.query(`drop role if exists "${readerRoleName(name)}"`);
  } finally {
    await client.end();
  }
}
