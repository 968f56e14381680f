import type { AuditEntry } from './audit-entry.ts';

/**
 * Where an audit log keeps its entries: a JSON-lines file at a station, a table at the hub. Every
 * implementation passes the contract suite in `audit-storage.case.ts` (memory and file in
 * audit-storage.test.ts, the hub's database on PGlite and PostgreSQL in src/hub/audit).
 */
export interface AuditStorage {
  append(entry: AuditEntry): Promise<void>;
  last(): Promise<AuditEntry | undefined>;
  entries(): AsyncIterable<AuditEntry>;
  /**
   * The head (seq and hash of the newest entry) kept apart from the entries, so a removed tail shows.
   * An empty log has none, or the genesis head (seq 0) where a row must exist to be locked.
   */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  /**
   * Runs `work` (read the last entry, append the next) with no other writer in between, where other
   * writers can exist: a station's log is written by its agent and by `ai4h station ingest`, each its
   * own process. Storages with one writer leave it out.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

export class MemoryAuditStorage implements AuditStorage {
  readonly rows: AuditEntry[] = [];
  private headMark: { seq: number; hash: string } | undefined;

  async append(entry: AuditEntry): Promise<void> {
    this.rows.push(entry);
    this.headMark = { seq: entry.seq, hash: entry.hash };
  }
  async last(): Promise<AuditEntry | undefined> {
    return this.rows.at(-1);
  }
  async *entries(): AsyncIterable<AuditEntry> {
    yield* this.rows;
  }
  async head(): Promise<{ seq: number; hash: string } | undefined> {
    return this.headMark;
  }
}
