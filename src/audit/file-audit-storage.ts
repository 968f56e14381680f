import { createReadStream, existsSync } from 'node:fs';
import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { AuditEntry } from './audit-entry.ts';
import type { AuditStorage } from './audit-storage.ts';

/**
 * A station's audit log: one JSON entry per line in `audit.log`, the head in `audit.head`
 * (written atomically after each append).
 */
export class FileAuditStorage implements AuditStorage {
  private lastEntry: AuditEntry | undefined;
  private loaded = false;

  constructor(
    private readonly logPath: string,
    private readonly headPath = `${logPath}.head`,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await appendFile(this.logPath, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    const tmp = `${this.headPath}.tmp`;
    await writeFile(tmp, JSON.stringify({ seq: entry.seq, hash: entry.hash }));
    await rename(tmp, this.headPath);
    this.lastEntry = entry;
    this.loaded = true;
  }

  async last(): Promise<AuditEntry | undefined> {
    if (!this.loaded) {
      for await (const e of this.entries()) this.lastEntry = e;
      this.loaded = true;
    }
    return this.lastEntry;
  }

  async *entries(): AsyncIterable<AuditEntry> {
    if (!existsSync(this.logPath)) return;
    const lines = createInterface({
      input: createReadStream(this.logPath, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as AuditEntry;
      } catch {
        // A broken line is itself evidence of tampering: hand verify() something that cannot match.
        yield { seq: -n, at: '', actor: '', action: 'unreadable-line', prevHash: '', hash: '' };
      }
    }
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    if (!existsSync(this.headPath)) return undefined;
    return JSON.parse(await readFile(this.headPath, 'utf8')) as { seq: number; hash: string };
  }
}
