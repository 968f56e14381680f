import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dataFileFlags, ensurePrivateDir, openCreatingDurably } from './private-files.ts';

/**
 * Dense numbers for the station's patient pseudonyms, so released sets can be kept as compressed
 * bitmaps. A number, once given, never changes: the file lists the pseudonyms in the order they were
 * numbered (line k = number k). New numbers are given in memory and written by {@link persist}, which the
 * ledger calls before it writes any set that uses them.
 */
export class PatientNumbers {
  private readonly byId = new Map<string, number>();
  private persisted = 0;
  private readonly fresh: string[] = [];

  constructor(
    private readonly path?: string,
    private readonly readOnly = false,
  ) {
    if (!path) return;
    if (!readOnly) ensurePrivateDir(path);
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    for (const line of lines) this.byId.set(line, this.byId.size);
    if (tail !== '' && !readOnly) {
      // A write cut short by a crash: its numbers were never used by a stored set.
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8'));
      } finally {
        closeSync(fd);
      }
    }
    this.persisted = this.byId.size;
  }

  /** Patients numbered so far. */
  get size(): number {
    return this.byId.size;
  }

  /** The number of a pseudonym, giving it the next one when it has none yet. */
  numberOf(id: string): number {
    let n = this.byId.get(id);
    if (n === undefined) {
      if (id === '' || id.includes('\n')) throw new Error('a patient pseudonym must be one non-empty line');
      n = this.byId.size;
      this.byId.set(id, n);
      this.fresh.push(id);
    }
    return n;
  }

  /** Writes the numbers given since the last call and waits until they are on disk. */
  persist(): void {
    if (!this.path || this.readOnly || this.fresh.length === 0) return;
    const path = this.path;
    const fd = openCreatingDurably(path, () => openSync(path, dataFileFlags, 0o600));
    try {
      writeSync(fd, `${this.fresh.join('\n')}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.persisted += this.fresh.length;
    this.fresh.length = 0;
  }
}
