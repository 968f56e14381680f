import {
  type AuditEntry,
  type AuditInput,
  AuditLog,
  type AuditVerification,
  GENESIS_HASH,
} from '../../audit/index.ts';
import type { HubDb, HubQueryable } from '../db/hub-db.ts';
import { json } from '../db/row-values.ts';
import { DbAuditStorage } from './db-audit-storage.ts';

/** The hub's hash-chained audit log: who, what, when, which permit, which result digest. */
export class HubAudit {
  private readonly log: AuditLog;
  private readonly storage: DbAuditStorage;

  constructor(
    private readonly db: HubDb,
    private readonly now: () => Date,
  ) {
    this.storage = new DbAuditStorage(db);
    this.log = new AuditLog(this.storage);
  }

  /** Appends an entry in a transaction of its own; retries when another hub instance took the same place. */
  async record(input: AuditInput): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [entry] = await this.db.transaction((tx) => this.recordIn(tx, [input]));
        return entry!;
      } catch (e) {
        if (attempt >= 5 || !isUniqueViolation(e)) throw e;
      }
    }
  }

  /**
   * Appends entries in the caller's transaction, so they commit together with the change they record
   * (or not at all). The head row's lock orders concurrent writers, also across hub instances.
   */
  recordIn(tx: HubQueryable, inputs: readonly AuditInput[]): Promise<AuditEntry[]> {
    return this.storage.appendIn(tx, inputs, () => this.now().toISOString());
  }

  verify(): Promise<AuditVerification> {
    return this.log.verify();
  }

  /** The chain's head: how many entries, and the hash of the last (the genesis hash when empty). */
  async head(): Promise<{ seq: number; hash: string }> {
    return (await this.storage.head()) ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** Newest entries first, optionally only those of one permit. */
  async list(options: {
    permitId?: string;
    limit: number;
    beforeSeq?: number;
  }): Promise<(AuditEntry & { redacted?: string[] })[]> {
    const rows = await this.db.query<{ entry: unknown }>(
      `select entry from audit_log
       where ($1::text is null or entry->>'permitId' = $1) and ($2::bigint is null or seq < $2)
       order by seq desc limit $3`,
      [options.permitId ?? null, options.beforeSeq ?? null, options.limit],
    );
    return rows.map((r) => anonymiseElsaAsker(json<AuditEntry>(r.entry)));
  }
}

/**
 * Entries written before ELSA askers were anonymous name the asker as actor: shown with the actor
 * replaced and `redacted` saying so (the stored entry, and so the chain's hashes, stay as they are;
 * `verify` checks the stored chain).
 */
function anonymiseElsaAsker(e: AuditEntry): AuditEntry & { redacted?: string[] } {
  if (e.action !== 'elsa.asked' || e.actor === 'elsa-asker') return e;
  return { ...e, actor: 'elsa-asker', redacted: ['actor'] };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}
