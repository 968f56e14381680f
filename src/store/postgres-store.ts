import { createHash } from 'node:crypto';
import pg from 'pg';
import { badInput } from '../common/app-error.ts';
import { type PreparedBatch, prepareBatch } from './batch-builder.ts';
import { decisionTotals, syncViewTables } from './migrate.ts';
import { Mutex } from './mutex.ts';
import { dateString, toNumber } from './query-values.ts';
import type { BatchResource, StationStore, WriteResult } from './station-store.ts';
import { dataVersionOf, nextStoreMeta, storeMetaOf, storeMetaUpdateSql } from './store-meta.ts';
import {
  CORE_MIGRATIONS,
  clusterSql,
  createTableSql,
  DECIDE_SQL,
  DECISION_COUNTS_SQL,
  mergeIndexSql,
  mergeTableSql,
  SCHEMA_VERSION_DDL,
  STAGE_INDEX,
  stageName,
} from './store-sql.ts';
import { checkTableSpec, sqlType, type TableSpec } from './table-spec.ts';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/db */
  readonly url: string;
  /** Schema that holds the station's tables (default: the connection's search_path). */
  readonly schema?: string;
  readonly tables: readonly TableSpec[];
}

const { builtins } = pg.types;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parsers that make PostgreSQL values look like DuckDB's after normalisation (see StationStore.query). */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case builtins.INT8:
      case builtins.NUMERIC:
        return (v: string) => toNumber(v);
      case builtins.DATE:
        return (v: string) => v;
      case builtins.TIMESTAMP:
        // A TIMESTAMP has no zone; the store keeps UTC, so read it as UTC.
        return (v: string) => timestampIso(v);
      case builtins.TIMESTAMPTZ:
        return (v: string) => new Date(v).toISOString();
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  },
} as pg.CustomTypesConfig;

function timestampIso(v: string): string {
  const t = Date.parse(`${v.replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) return v;
  const d = new Date(t);
  return `${dateString(d)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** Opens a PostgreSQL station store. Call {@link StationStore.migrate} before use. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<StationStore> {
  options.tables.forEach(checkTableSpec);
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw badInput('schema name is not a plain identifier', 'schema');
  }
  const searchPath = options.schema ? `-c search_path=${options.schema}` : undefined;
  const config = { connectionString: options.url, types: TYPES, options: searchPath };
  const writer = new pg.Client(config);
  await writer.connect();
  // A new station's schema is created with it (the search path names it, so its tables land there).
  if (options.schema) {
    try {
      await writer.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
    } catch (e) {
      await writer.end().catch(() => {});
      throw badInput(`cannot create schema: ${(e as Error).message}`, 'schema');
    }
  }
  const pool = new pg.Pool({ ...config, max: 4 });
  const schema =
    options.schema ?? String((await writer.query('SELECT current_schema() AS s')).rows[0]?.s ?? 'public');
  return new PostgresStore(writer, pool, options.tables, schema);
}

/**
 * The role algorithm SQL runs as: it may only SELECT the tables of the station's schema. One per schema,
 * so stations that share a database cannot read each other's tables.
 */
export function readerRoleName(schema: string): string {
  const name = `ai4h_reader_${schema}`;
  // PostgreSQL cuts identifiers at 63 bytes; a cut name could be another schema's.
  return Buffer.byteLength(name) <= 63
    ? name
    : `ai4h_reader_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

class PostgresStore implements StationStore {
  readonly dialect = 'postgres' as const;
  private readonly lock = new Mutex();
  private staged = false;

  private readonly reader: string;

  constructor(
    private readonly writer: pg.Client,
    private readonly pool: pg.Pool,
    readonly tables: readonly TableSpec[],
    private readonly schema: string,
  ) {
    this.reader = quoteIdent(readerRoleName(schema));
  }

  private async exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
    const r = await this.writer.query(sql, params);
    return r.rows as Record<string, unknown>[];
  }

  private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.exec('BEGIN');
    try {
      const out = await work();
      await this.exec('COMMIT');
      return out;
    } catch (e) {
      await this.exec('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  migrate(): Promise<void> {
    return this.lock.run(() =>
      this.inTransaction(async () => {
        // Two stations migrating one schema at once would race; the lock makes the second wait.
        await this.exec(`SELECT pg_advisory_xact_lock(hashtext(current_schema()))`);
        await this.exec(SCHEMA_VERSION_DDL);
        const rows = await this.exec('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version');
        const current = Number(rows[0]?.v ?? 0);
        for (const m of CORE_MIGRATIONS) {
          if (m.version <= current) continue;
          for (const s of m.up('postgres')) await this.exec(s);
          await this.exec('INSERT INTO schema_version VALUES ($1, $2)', [m.version, m.description]);
        }
        await syncViewTables(this.tables, 'postgres', (s, p) => this.exec(s, p));
        await this.grantReader();
      }),
    );
  }

  /**
   * The reader role exists, may read every table of the schema (new view tables included: this runs at
   * every migration) and nothing else, and the store's own role may switch to it.
   */
  private async grantReader(): Promise<void> {
    const role = readerRoleName(this.schema);
    await this.exec(
      `DO $$ BEGIN CREATE ROLE ${this.reader} NOLOGIN; ` +
        'EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$',
    );
    const [member] = await this.exec(`SELECT pg_has_role(current_user, $1, 'MEMBER') AS ok`, [role]);
    if (!member?.ok) await this.exec(`GRANT ${this.reader} TO CURRENT_USER`);
    const schema = quoteIdent(this.schema);
    await this.exec(`GRANT USAGE ON SCHEMA ${schema} TO ${this.reader}`);
    await this.exec(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${this.reader}`);
  }

  private async ensureStaging(): Promise<void> {
    if (this.staged) return;
    await this.exec(`${createTableSql(STAGE_INDEX, 'postgres', STAGE_INDEX.name, true)}`);
    for (const t of this.tables) await this.exec(createTableSql(t, 'postgres', stageName(t.name), true));
    this.staged = true;
  }

  async writeBatch(batch: readonly BatchResource[]): Promise<WriteResult> {
    return this.writePrepared(prepareBatch(this.tables, batch));
  }

  writePrepared(prepared: PreparedBatch): Promise<WriteResult> {
    return this.lock.run(async () => {
      await this.ensureStaging();
      return this.inTransaction(async () => {
        await this.exec(
          `TRUNCATE ${[STAGE_INDEX.name, ...this.tables.map((t) => stageName(t.name))].join(', ')}`,
        );
        await this.stage(STAGE_INDEX, prepared.index);
        for (const [table, cols] of prepared.columns) {
          const spec = this.tables.find((t) => t.name === table)!;
          await this.stage({ ...spec, name: stageName(table) }, cols);
        }
        return this.merge(prepared);
      });
    });
  }

  /** One set-based statement per table: every column travels as one array parameter. */
  private async stage(spec: TableSpec, cols: unknown[][]): Promise<void> {
    if ((cols[0]?.length ?? 0) === 0) return;
    const args = spec.columns.map((c, i) => `$${i + 1}::${sqlType(c.type, 'postgres')}[]`).join(', ');
    await this.exec(`INSERT INTO ${spec.name} SELECT * FROM unnest(${args})`, cols);
  }

  private async merge(prepared: PreparedBatch): Promise<WriteResult> {
    await this.exec(DECIDE_SQL);
    const counts = (await this.exec(DECISION_COUNTS_SQL)).map((r) => ({
      resourceType: String(r.resource_type),
      decision: String(r.decision),
      n: Number(r.n),
    }));
    const totals = decisionTotals(counts, prepared);
    for (const [table] of prepared.columns) {
      const spec = this.tables.find((t) => t.name === table)!;
      const t = totals.byType.get(spec.resourceType);
      if (!t || t.written === 0) continue;
      for (const s of mergeTableSql(spec, spec.resourceType, t.newer > 0, t.written === t.staged))
        await this.exec(s);
    }
    const before = storeMetaOf((await this.exec('SELECT batch_count, digest FROM store_meta FOR UPDATE'))[0]);
    const meta = nextStoreMeta(before, prepared.digest);
    for (const s of mergeIndexSql(totals.newer > 0, meta.batchCount)) await this.exec(s);
    await this.exec(storeMetaUpdateSql(meta));
    await this.exec('DROP TABLE decided');
    return totals.result;
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const r = await this.pool.query(sql, params as unknown[]);
    return r.rows as Record<string, unknown>[];
  }

  /**
   * A read-only transaction as the reader role, always rolled back; the statement goes through the
   * extended protocol, which takes one statement only. `DISCARD ALL` then clears what a statement may
   * leave on the pooled session (settings, prepared statements, advisory locks).
   */
  async readOnlyQuery(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN READ ONLY; SET LOCAL ROLE ${this.reader}`);
      const query = { text: sql, values: [...params], queryMode: 'extended' } as pg.QueryConfig;
      return (await client.query(query)).rows as Record<string, unknown>[];
    } finally {
      try {
        await client.query('ROLLBACK');
        await client.query('DISCARD ALL');
      } catch (e) {
        broken = e as Error;
      }
      client.release(broken);
    }
  }

  async dataVersion(): Promise<string> {
    return dataVersionOf(storeMetaOf((await this.query('SELECT batch_count, digest FROM store_meta'))[0]));
  }

  async batchCount(): Promise<number> {
    const rows = await this.query('SELECT batch_count FROM store_meta');
    return Number(rows[0]?.batch_count ?? 0);
  }

  optimize(): Promise<void> {
    return this.lock.run(async () => {
      for (const t of this.tables) for (const s of clusterSql(t, 'postgres')) await this.exec(s);
      await this.exec('ANALYZE resource_index');
    });
  }

  close(): Promise<void> {
    return this.lock.run(async () => {
      await this.writer.end();
      await this.pool.end();
    });
  }
}
