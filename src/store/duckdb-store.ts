import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  DuckDBTypeId,
  type DuckDBValue,
  listValue,
} from '@duckdb/node-api';
import { badInput } from '../common/app-error.ts';
import { makeOwnerOnly } from '../common/owner-only.ts';
import { type PreparedBatch, prepareBatch } from './batch-builder.ts';
import type { StoreValue } from './fhir-values.ts';
import { decisionTotals, syncViewTables } from './migrate.ts';
import { Mutex } from './mutex.ts';
import { dateString, toNumber } from './query-values.ts';
import type { BatchResource, StationStore, WriteResult } from './station-store.ts';
import {
  dataVersionOf,
  nextStoreMeta,
  type StoreMeta,
  storeMetaOf,
  storeMetaUpdateSql,
} from './store-meta.ts';
import {
  CORE_MIGRATIONS,
  clusterSql,
  createTableSql,
  DECIDE_SQL,
  DECISION_COUNTS_SQL,
  mergeIndexSql,
  SCHEMA_VERSION_DDL,
  STAGE_INDEX,
} from './store-sql.ts';
import { checkTableSpec, type TableSpec } from './table-spec.ts';

/**
 * A fresh staging table per batch. Replaced, not emptied: rows deleted from a DuckDB temp table keep their
 * memory until the table goes, so a DELETE per batch made the memory grow with the input (≈ 9 MB per
 * 100k resources).
 */
const REPLACE_STAGE_INDEX_SQL = createTableSql(STAGE_INDEX, 'duckdb', STAGE_INDEX.name, true).replace(
  /^CREATE /,
  'CREATE OR REPLACE ',
);

export interface DuckdbStoreOptions {
  /** The database file, or ':memory:'. */
  readonly path: string;
  readonly tables: readonly TableSpec[];
  /** DuckDB `memory_limit` (e.g. '512MB'): caps its buffer pool, which otherwise caches up to 80% of RAM. */
  readonly memoryLimit?: string;
  /** DuckDB `threads` (default: one per core). Settings are locked once the store is open. */
  readonly threads?: number;
}

/** Opens (creating if needed) a DuckDB station store. Call {@link StationStore.migrate} before use. */
export async function openDuckdbStore(options: DuckdbStoreOptions): Promise<StationStore> {
  options.tables.forEach(checkTableSpec);
  const instance = await DuckDBInstance.create(options.path, {
    // The store reads and writes only its own database file: no COPY … TO, ATTACH of a file, file
    // readers or extension installs for anyone, algorithm SQL included.
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
  });
  // DuckDB creates its file with the process's umask (the `ai4h` command runs with 077); an older or
  // copied station file is made private here.
  if (options.path !== ':memory:') {
    await makeOwnerOnly(options.path);
    await makeOwnerOnly(`${options.path}.wal`);
  }
  const writer = await instance.connect();
  // DuckDB checkpoints (moves the write-ahead log into the database file, recompressing the last row
  // groups) whenever the log passes 16 MB: during an ingest that was after nearly every batch, and a
  // third of the store's CPU. The log is as durable; a larger one only means fewer, larger checkpoints.
  await writer.run(`SET checkpoint_threshold = '256MB'`);
  // From here on no statement changes a setting (memory, threads, external access).
  await writer.run('SET lock_configuration = true');
  const reader = await instance.connect();
  return new DuckdbStore(instance, writer, reader, options.tables);
}

class DuckdbStore implements StationStore {
  readonly dialect = 'duckdb' as const;
  private readonly lock = new Mutex();

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    readonly tables: readonly TableSpec[],
  ) {}

  private async exec(sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const r = await this.writer.runAndReadAll(sql, params);
    return r.getRowObjectsJS() as Record<string, unknown>[];
  }

  migrate(): Promise<void> {
    return this.lock.run(async () => {
      await this.exec(SCHEMA_VERSION_DDL);
      const rows = await this.exec('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version');
      const current = Number(rows[0]?.v ?? 0);
      for (const m of CORE_MIGRATIONS) {
        if (m.version <= current) continue;
        await this.inTransaction(async () => {
          for (const s of m.up('duckdb')) await this.exec(s);
          await this.exec('INSERT INTO schema_version VALUES ($1, $2)', [m.version, m.description]);
        });
      }
      await this.inTransaction(() =>
        syncViewTables(this.tables, 'duckdb', (s, p) => this.exec(s, p as DuckDBValue[])),
      );
    });
  }

  /**
   * Runs `work` in one transaction, rolled back when it throws. `opening` statements run with BEGIN in the
   * same round trip, and the rows of the last one are handed to `work`.
   */
  private async inTransaction<T>(
    work: (opened: Record<string, unknown>[]) => Promise<T>,
    opening = '',
  ): Promise<T> {
    try {
      const opened = await this.exec(`BEGIN TRANSACTION;${opening ? ` ${opening}` : ''}`);
      const out = await work(opened);
      await this.exec('COMMIT');
      return out;
    } catch (e) {
      await this.exec('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  /**
   * Only the index entries are staged; once each resource is decided, the rows of new and newer
   * resources are appended straight into their tables (one copy fewer than staging them too).
   */
  async writeBatch(batch: readonly BatchResource[]): Promise<WriteResult> {
    return this.writePrepared(prepareBatch(this.tables, batch));
  }

  writePrepared(prepared: PreparedBatch): Promise<WriteResult> {
    // Statements without a value to wait for travel together (`duckdb_query` runs a script and returns
    // the last result): each await is a turn of the event loop, which during an ingest is busy preparing
    // the next batch, so nine round trips per batch kept the writer waiting. store_meta is read inside
    // the transaction, with BEGIN.
    return this.lock.run(() =>
      this.inTransaction(
        ([meta]) => this.writeInTransaction(prepared, storeMetaOf(meta)),
        `${REPLACE_STAGE_INDEX_SQL}; SELECT batch_count, digest FROM store_meta`,
      ),
    );
  }

  private async writeInTransaction(prepared: PreparedBatch, before: StoreMeta): Promise<WriteResult> {
    await this.append(STAGE_INDEX.name, 'temp', prepared.index, () => true);
    const counts = (await this.exec(`${DECIDE_SQL}; ${DECISION_COUNTS_SQL}`)).map((r) => ({
      resourceType: String(r.resource_type),
      decision: String(r.decision),
      n: toNumber(r.n as bigint),
    }));
    const totals = decisionTotals(counts, prepared);
    // Resources not to write (identical or older); empty on a fresh load.
    const skip = new Set<string>();
    if (totals.result.written < prepared.index[0]!.length) {
      for (const r of await this.exec(
        "SELECT resource_type, id FROM decided WHERE decision IN ('same', 'older')",
      )) {
        skip.add(`${String(r.resource_type)}/${String(r.id)}`);
      }
    }
    for (const [table, cols] of prepared.columns) {
      const spec = this.tables.find((t) => t.name === table)!;
      const t = totals.byType.get(spec.resourceType);
      if (!t || t.written === 0) continue;
      if (t.newer > 0) {
        await this.exec(
          `DELETE FROM ${table} WHERE id IN (SELECT id FROM decided WHERE resource_type = $1 AND decision = 'newer')`,
          [spec.resourceType],
        );
      }
      const ids = cols[0]!;
      const keep =
        skip.size === 0 ? () => true : (r: number) => !skip.has(`${spec.resourceType}/${String(ids[r])}`);
      await this.append(table, null, cols, keep);
    }
    const meta = nextStoreMeta(before, prepared.digest);
    const finish = [
      ...mergeIndexSql(totals.newer > 0, meta.batchCount),
      storeMetaUpdateSql(meta),
      'DROP TABLE decided',
    ];
    await this.exec(finish.join(';\n'));
    return totals.result;
  }

  /** Appends column-major values (normalised; the Appender casts strings to DATE / TIMESTAMP). */
  private async append(
    table: string,
    catalog: string | null,
    cols: StoreValue[][],
    keep: (row: number) => boolean,
  ): Promise<void> {
    const appender: DuckDBAppender = await this.writer.createAppender(table, null, catalog);
    try {
      const n = cols[0]?.length ?? 0;
      const width = cols.length;
      for (let r = 0; r < n; r++) {
        if (!keep(r)) continue;
        for (let c = 0; c < width; c++) {
          const v = cols[c]![r];
          if (v === null || v === undefined) appender.appendNull();
          else if (typeof v === 'string') appender.appendVarchar(v);
          else if (typeof v === 'number') appender.appendDouble(v);
          else appender.appendBoolean(v);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async query(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const values = params.map((p, i) => toDuckValue(p, i + 1));
    return rowsOf(await this.reader.runAndReadAll(sql, values));
  }

  /**
   * A connection of its own per call (its temporary objects go with it), a read-only transaction that is
   * always rolled back, and a prepared statement, which the engine refuses to make of several statements.
   */
  async readOnlyQuery(sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
    const values = params.map((p, i) => toDuckValue(p, i + 1));
    const connection = await this.instance.connect();
    try {
      await connection.run('BEGIN TRANSACTION READ ONLY');
      const statement = await connection.prepare(sql);
      statement.bind(values);
      return rowsOf(await statement.runAndReadAll());
    } finally {
      await connection.run('ROLLBACK').catch(() => {});
      connection.closeSync();
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
      for (const t of this.tables) {
        const stmts = clusterSql(t, 'duckdb');
        if (stmts.length > 0)
          await this.inTransaction(async () => {
            for (const s of stmts) await this.exec(s);
          });
      }
      await this.exec('CHECKPOINT');
    });
  }

  close(): Promise<void> {
    return this.lock.run(async () => {
      this.reader.closeSync();
      this.writer.closeSync();
      this.instance.closeSync();
    });
  }
}

/** Rows as objects, values normalised as {@link StationStore.query} promises. */
function rowsOf(reader: DuckDBResultReader): Record<string, unknown>[] {
  const types = reader.columnTypes().map((t) => t.typeId);
  const names = reader.columnNames();
  return reader.getRowsJS().map((row) => {
    const out: Record<string, unknown> = {};
    row.forEach((v, i) => {
      out[names[i]!] = fromDuck(v, types[i]!);
    });
    return out;
  });
}

function toDuckValue(p: unknown, position: number): DuckDBValue {
  if (p === null || p === undefined) return null;
  if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean' || typeof p === 'bigint')
    return p;
  if (p instanceof Date) return p.toISOString();
  if (Array.isArray(p)) return listValue(p.map((x) => toDuckValue(x, position)));
  throw badInput('unsupported query parameter type', `$${position}`);
}

function fromDuck(v: unknown, type: DuckDBTypeId): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return toNumber(v);
  if (v instanceof Date) {
    return type === DuckDBTypeId.DATE ? dateString(v) : v.toISOString();
  }
  if (Array.isArray(v)) return v.map((x) => fromDuck(x, DuckDBTypeId.ANY));
  return v;
}
