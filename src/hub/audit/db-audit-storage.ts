import type { AuditEntry, AuditStorage } from '../../audit/index.ts';
import type { HubDb } from '../db/hub-db.ts';
import { json } from '../hub-context.ts';

/**
 * The hub's audit entries in its own database. `seq` is the primary key, so two hub instances can
 * never write two entries with the same place in the chain; the loser retries (see HubAudit).
 */
export class DbAuditStorage implements AuditStorage {
  constructor(private readonly db: HubDb) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('insert into audit_log (seq, entry) values ($1, $2::jsonb)', [
        entry.seq,
        JSON.stringify(entry),
      ]);
      await tx.query(
        `insert into audit_head (id, seq, hash) values (1, $1, $2)
         on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
        [entry.seq, entry.hash],
      );
    });
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
