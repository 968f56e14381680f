import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const fdatasyncAsync = promisify(fdatasync);

/**
 * A file of JSON lines that only grows: the station's ledgers and audit log. An append is one `write`
 * of complete lines to a descriptor kept open in append mode, then `fdatasync`: when `append` resolves,
 * the records are on disk, not only in the operating system's cache, so neither a crash nor a power
 * cut can lose them. It costs one write and one flush however long the file has grown.
 *
 * The write is synchronous (a few hundred bytes into the page cache take microseconds, less than
 * scheduling an asynchronous write); the flush, which waits for the disk, is not, so the event loop
 * goes on meanwhile and flushes of several files overlap.
 */
export class JsonLinesFile {
  private fd: number | undefined;
  /** The file does not end with a newline (e.g. a file written whole before it was appended to). */
  private needsNewline = false;

  constructor(
    readonly path: string,
    private readonly mode = 0o600,
  ) {}

  /**
   * Every record in the file, in order. A last line cut short (no newline, not JSON: a write that never
   * completed, so it was never acknowledged) is cut off the file; a broken line anywhere else throws.
   */
  read(): unknown[] {
    if (!existsSync(this.path)) return [];
    const text = readFileSync(this.path, 'utf8');
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    const records: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch {
        throw new SyntaxError(`${this.path}: line ${i + 1} is not JSON`);
      }
    }
    if (tail.trim() !== '') {
      try {
        records.push(JSON.parse(tail));
        this.needsNewline = true;
      } catch {
        this.cutTo(Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8'));
      }
    }
    return records;
  }

  /** Appends the records, one line each, in one write, and resolves once they are on disk. */
  async append(records: readonly unknown[]): Promise<void> {
    if (records.length === 0) return;
    this.write(records);
    await this.sync();
  }

  /** Appends the records in one write without waiting for the disk; {@link sync} then makes them durable. */
  write(records: readonly unknown[]): void {
    if (records.length === 0) return;
    const fd = this.open();
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    const buffer = Buffer.from(this.needsNewline ? `\n${text}` : text, 'utf8');
    let written = 0;
    while (written < buffer.length) written += writeSync(fd, buffer, written);
    this.needsNewline = false;
  }

  /** Resolves once everything written so far is on disk. */
  async sync(): Promise<void> {
    if (this.fd !== undefined) await fdatasyncAsync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const created = !existsSync(this.path);
    if (created) mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a', this.mode);
    // A new file exists on disk only once its folder's entry is flushed too.
    if (created) syncFolder(dirname(this.path));
    const size = fstatSync(fd).size;
    if (size > 0) {
      // Whatever wrote the file last may not have ended it with a newline.
      const last = Buffer.alloc(1);
      const probe = openSync(this.path, 'r');
      try {
        readSync(probe, last, 0, 1, size - 1);
      } finally {
        closeSync(probe);
      }
      this.needsNewline = last[0] !== 0x0a;
    }
    this.fd = fd;
    return fd;
  }

  private cutTo(length: number): void {
    const fd = openSync(this.path, 'r+');
    try {
      ftruncateSync(fd, length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Flushes a folder's entries (a file created or renamed in it) to disk; a no-op where folders cannot be opened. */
export function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; its file system orders these writes itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
