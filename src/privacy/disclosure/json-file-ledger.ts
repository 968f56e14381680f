import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { badInput } from '../../common/app-error.ts';
import type { DisclosureLedger, LedgerEntry } from './disclosure-ledger.ts';

const FileSchema = z.object({
  version: z.literal(1),
  permits: z.record(
    z.string(),
    z.array(z.object({ scope: z.string(), keys: z.array(z.string()), exact: z.number(), at: z.string() })),
  ),
});

/**
 * The ledger as one JSON file in the station folder (e.g. `disclosure-ledger.json`). Written to a
 * temporary file and renamed, so a crash never leaves half a ledger.
 */
export class JsonFileLedger implements DisclosureLedger {
  private cache: z.infer<typeof FileSchema> | undefined;

  constructor(readonly path: string) {}

  private async load(): Promise<z.infer<typeof FileSchema>> {
    if (this.cache) return this.cache;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.cache = { version: 1, permits: {} };
      return this.cache;
    }
    const parsed = FileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw badInput('is not a disclosure ledger (version 1)', this.path);
    this.cache = parsed.data;
    return this.cache;
  }

  async entries(permitId: string): Promise<readonly LedgerEntry[]> {
    const data = await this.load();
    return [...(data.permits[permitId] ?? [])];
  }

  async append(permitId: string, entries: readonly LedgerEntry[]): Promise<void> {
    const data = await this.load();
    const next = {
      ...data,
      permits: {
        ...data.permits,
        [permitId]: [...(data.permits[permitId] ?? []), ...entries.map((e) => ({ ...e, keys: [...e.keys] }))],
      },
    };
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(next), 'utf8');
    await rename(tmp, this.path);
    this.cache = next;
  }
}
