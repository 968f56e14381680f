import { type AuditEntry, type AuditInput, type AuditStorage, chainEntries } from '../../audit/index.ts';
import type { HubDb, HubQueryable } from '../db/hub-db.ts';
import { json } from '../hub-context.ts';

/**
 * The hub's audit entries in its own database. `seq` is the primary key, so two hub instances can
 * never write two entries with the same place in the chain; the loser retries (see HubAudit). Writers
 * take the head row's lock first, so on one database they queue instead of colliding.
 */
export class DbAuditStorage implements AuditStorage {
  constructor(private readonly db: HubDb) {}

  /**
   * Appends entries for `inputs` in the caller's transaction: locks the head, chains the entries after
   * it, inserts them in one statement and moves the head. They commit or roll back with the caller's
   * other writes.
   */
  async appendIn(tx: HubQueryable, inputs: readonly AuditInput[], now: () => string): Promise<AuditEntry[]> {
    if (inputs.length === 0) return [];
    const heads = await tx.query<{ seq: string | number; hash: string }>(
      'select seq, hash from audit_head where id = 1 for update',
    );
    const head = heads[0] ? { seq: Number(heads[0].seq), hash: heads[0].hash } : undefined;
    const entries = chainEntries(head, inputs, now);
    await this.write(tx, entries);
    return entries;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.db.transaction((tx) => this.write(tx, [entry]));
  }

  private async write(tx: HubQueryable, entries: readonly AuditEntry[]): Promise<void> {
    const last = entries.at(-1);
    if (!last) return;
    await tx.query('insert into audit_log (seq, entry) select * from unnest($1::bigint[], $2::jsonb[])', [
      entries.map((e) => e.seq),
      entries.map((e) => JSON.stringify(e)),
    ]);
    await tx.query(
      `insert into audit_head (id, seq, hash) values (1, $1, $2)
       on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
      [last.seq, last.hash],
    );
  }

  async last(): Promise<AuditEntry | undefined> {
    const rows = await this.db.query<{ entry: unknown }>(
      'select entry from audit_log order by seq desc limit 1',
    );
    return rows[0] ? json<AuditEntry>(rows[0].entry) : undefined;
  }

  async *entries(): AsyncIterable<AuditEntry> {
    const page = 500;
    let after = 0;
    for (;;) {
      const rows = await this.db.query<{ seq: string | number; entry: unknown }>(
        'select seq, entry from audit_log where seq > $1 order by seq limit $2',
        [after, page],
      );
      for (const r of rows) yield json<AuditEntry>(r.entry);
      if (rows.length < page) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const rows = await this.db.query<{ seq: string | number; hash: string }>(
      'select seq, hash from audit_head',
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }
}
