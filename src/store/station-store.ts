import type { BatchBuilder, PreparedBatch } from './batch-builder.ts';
import type { DialectName } from './dialect/dialect.ts';
import type { StoreValue } from './fhir-values.ts';
import type { TableSpec } from './table-spec.ts';

/** One resource of a batch: its index entry and the rows every view of its type produced. */
export interface BatchResource {
  readonly resourceType: string;
  /** The (pseudonymised) resource id. */
  readonly id: string;
  /** meta.lastUpdated (FHIR instant), if any: decides which of two versions is newer. */
  readonly lastUpdated?: string | null;
  /** meta.versionId, if any: breaks ties when lastUpdated is equal or absent and both are integers. */
  readonly versionId?: string | null;
  /** A digest of what is stored for this resource; equal digests mean an identical resource. */
  readonly contentHash: string;
  /** Rows per table name, values in the table's column order (raw view values; the store normalises). */
  readonly rows: Readonly<Record<string, readonly (readonly unknown[])[]>>;
  /**
   * True when every row value already went through `normaliseValue` for its column (the ingest does this
   * to report a bad value by file:line); the store then skips normalising it again.
   */
  readonly normalised?: boolean;
}

/** What a batch did. Every resource is in exactly one of the three counts. */
export interface WriteResult {
  /** New resources and newer versions (their rows replaced the earlier ones). */
  readonly written: number;
  /** Identical to what was stored already, or duplicated later in the same batch. */
  readonly unchanged: number;
  /** Older than the stored version, so ignored. */
  readonly ignored: number;
}

/**
 * The station's store of flattened FHIR: one table per platform view, plus `resource_index`
 * (resource_type, id, last_updated, version_id, content_hash, batch_no). Implemented on DuckDB and on
 * PostgreSQL; the same SQL and the same normalised values on both (see store-contract.ts).
 */
export interface StationStore {
  readonly dialect: DialectName;
  /** The tables this store was opened with. */
  readonly tables: readonly TableSpec[];
  /** Creates or upgrades the schema: ordered core migrations, then the view tables and their columns. */
  migrate(): Promise<void>;
  /**
   * Stores a batch atomically (one transaction). Idempotent per (resourceType, id): a newer or identical
   * resource replaces the stored one, an older one is ignored; within the batch the newest wins.
   */
  writeBatch(batch: readonly BatchResource[]): Promise<WriteResult>;
  /** {@link StationStore.writeBatch} for a batch already collected column by column ({@link BatchBuilder}). */
  writePrepared(batch: PreparedBatch): Promise<WriteResult>;
  /**
   * Runs SQL with `$1`-style parameters. Values are normalised alike on both engines: integers and
   * decimals → number, DATE → 'YYYY-MM-DD', TIMESTAMP → ISO string ('…T…Z').
   */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /**
   * {@link StationStore.query} for SQL the store did not write (an algorithm's): one statement, in a
   * transaction the engine runs read-only and rolls back, with no access to files, extensions or settings
   * (DuckDB) or as a role that may only SELECT the station's tables (PostgreSQL). Writes are refused by
   * the engine, whatever the statement looks like.
   */
  readOnlyQuery(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Changes with every committed batch: '<batch counter>-<digest>', for result provenance. */
  dataVersion(): Promise<string>;
  /** Number of committed batches so far (0 for an empty store). */
  batchCount(): Promise<number>;
  /** Reorders / clusters the tables for cohort queries (code, patient_id) and refreshes statistics. */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

export type { StoreValue };
