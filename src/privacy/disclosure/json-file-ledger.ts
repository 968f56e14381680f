import { z } from 'zod';
import { badInput } from '../../common/app-error.ts';
import { JsonLinesFile } from '../../common/json-lines-file.ts';
import type { DisclosureLedger, LedgerEntry } from './disclosure-ledger.ts';

const EntrySchema = z.object({
  scope: z.string(),
  keys: z.array(z.string()),
  exact: z.number(),
  at: z.string(),
});

/** One append: the entries one check released under one permit. */
const LineSchema = z.strictObject({ permitId: z.string(), entries: z.array(EntrySchema) });

/** The whole-file format of earlier versions; such a file is read as the first line. */
const SnapshotSchema = z.object({
  version: z.literal(1),
  permits: z.record(z.string(), z.array(EntrySchema)),
});

/**
 * The ledger as a file in the station folder (e.g. `disclosure-ledger.json`): JSON lines, one per
 * append (`{"permitId", "entries"}`), each flushed to disk before `append` returns, so a released answer
 * is never missing from the ledger after a crash. A file in the earlier whole-file format is read as is
 * and appended to. Read once; later reads come from memory.
 */
export class JsonFileLedger implements DisclosureLedger {
  private cache: Map<string, LedgerEntry[]> | undefined;
  private readonly file: JsonLinesFile;

  constructor(readonly path: string) {
    this.file = new JsonLinesFile(path);
  }

  private load(): Map<string, LedgerEntry[]> {
    if (this.cache) return this.cache;
    let records: unknown[];
    try {
      records = this.file.read();
    } catch {
      throw badInput('is not a disclosure ledger (a line is not JSON)', this.path);
    }
    const byPermit = new Map<string, LedgerEntry[]>();
    const add = (permitId: string, entries: readonly LedgerEntry[]) => {
      const list = byPermit.get(permitId) ?? [];
      list.push(...entries);
      byPermit.set(permitId, list);
    };
    for (const record of records) {
      const line = LineSchema.safeParse(record);
      if (line.success) {
        add(line.data.permitId, line.data.entries);
        continue;
      }
      const snapshot = SnapshotSchema.safeParse(record);
      if (!snapshot.success) throw badInput('is not a disclosure ledger', this.path);
      for (const [permitId, entries] of Object.entries(snapshot.data.permits)) add(permitId, entries);
    }
    this.cache = byPermit;
    return byPermit;
  }

  async entries(permitId: string): Promise<readonly LedgerEntry[]> {
    return [...(this.load().get(permitId) ?? [])];
  }

  async append(permitId: string, entries: readonly LedgerEntry[]): Promise<void> {
    const byPermit = this.load();
    const copies = entries.map((e) => ({ scope: e.scope, keys: [...e.keys], exact: e.exact, at: e.at }));
    // On disk first: an entry that is not written is not remembered either, and the answer is refused.
    await this.file.append([{ permitId, entries: copies }]);
    byPermit.set(permitId, [...(byPermit.get(permitId) ?? []), ...copies]);
  }

  /** Releases the file (the next append opens it again). */
  close(): void {
    this.file.close();
  }
}
