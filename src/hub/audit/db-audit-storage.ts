import { type AuditEntry, type AuditInput, type AuditStorage, chainEntries } from '../../audit/index.ts';
import type { HubDb, HubQueryable } from '../db/hub-db.ts';
import { json } from '../db/row-values.ts';

/**
 * The hub's audit entries in its own database. `seq` is the primary key, so two hub instances can
 * never write two entries with the same place in the chain. Writers move the head row, and that row's
 * lock orders them, also across instances.
 */
export class DbAuditStorage implements AuditStorage {
  /** The head this instance last wrote or read; a guess, checked by the database on every write. */
  private knownHead: { seq: number; hash: string } | undefined;

  constructor(private readonly db: HubDb) {}

  /**
   * Appends entries for `inputs` in the caller's transaction, chained after the head; they commit or
   * roll back with the caller's other writes. One statement when the head is the one this instance
   * knows (it moves the head only if it is still that one, and inserts the entries only if it moved
   * it); otherwise the head is read under its lock and the entries are chained after it.
   */
  async appendIn(tx: HubQueryable, inputs: readonly AuditInput[], now: () => string): Promise<AuditEntry[]> {
    if (inputs.length === 0) return [];
    const known = this.knownHead;
    if (known) {
      const entries = chainEntries(known, inputs, now);
      const last = entries.at(-1)!;
      const rows = await tx.query<{ n: string | number }>(
        `with head as (
           update audit_head set seq = $3, hash = $4 where id = 1 and seq = $1 and hash = $2 returning seq),
         added as (
           insert into audit_log (seq, entry)
           select e.seq, e.entry from unnest($5::bigint[], $6::jsonb[]) as e(seq, entry) where exists (select 1 from head)
           returning seq)
         select count(*) as n from added`,
        [
          known.seq,
          known.hash,
          last.seq,
          last.hash,
          entries.map((e) => e.seq),
          entries.map((e) => JSON.stringify(e)),
        ],
      );
      if (Number(rows[0]?.n) === entries.length) {
        this.knownHead = { seq: last.seq, hash: last.hash };
        return entries;
      }
    }
    // Another instance moved the head (or this one does not know it yet): read it under its lock.
    const heads = await tx.query<{ seq: string | number; hash: string }>(
      'select seq, hash from audit_head where id = 1 for update',
    );
    const head = heads[0] ? { seq: Number(heads[0].seq), hash: heads[0].hash } : undefined;
    const entries = chainEntries(head, inputs, now);
    await this.write(tx, entries);
    const last = entries.at(-1)!;
    this.knownHead = { seq: last.seq, hash: last.hash };
    return entries;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.db.transaction((tx) => this.write(tx, [entry]));
    this.knownHead = undefined;
  }

  private async write(tx: HubQueryable, entries: readonly AuditEntry[]): Promise<void> {
    const last = entries.at(-1);
    if (!last) return;
    await tx.query(
      `with added as (insert into audit_log (seq, entry) select * from unnest($1::bigint[], $2::jsonb[]))
       insert into audit_head (id, seq, hash) values (1, $3, $4)
       on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
      [entries.map((e) => e.seq), entries.map((e) => JSON.stringify(e)), last.seq, last.hash],
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
