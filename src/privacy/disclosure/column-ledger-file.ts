import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { ensurePrivateDir, openCreatingDurably } from './private-files.ts';

/** What the column ledger keeps of one released column (no value, no patient). */
export interface ColumnHeader {
  /** Patients in the column. */
  size: number;
  /** SHA-256 of the sketch: equal digests, equal columns (as far as a sum can tell). */
  digest: string;
  label: string;
  task: string;
  at: string;
}

export interface StoredColumn {
  header: ColumnHeader;
  sketch: Uint8Array;
}

const MAGIC = 0x31434c52; // "RLC1", little-endian
const PREFIX = 12;
const SUFFIX = 4;

const checksum = (bytes: Uint8Array): number => createHash('sha256').update(bytes).digest().readUInt32LE(0);

/**
 * The column ledger's file, append-only like the set ledger's:
 *
 *     record = magic u32 | header length u32 | sketch length u32 | header JSON | sketch | checksum u32
 *
 * The first record holds the ledger's secret salt (header `{"salt": hex}`, no sketch), written and
 * flushed when the file is created; the checksum is the first 4 bytes of SHA-256 of header and sketch.
 * A record a crash cut short is cut off; a damaged one elsewhere stops the station from answering.
 */
export class ColumnLedgerFile {
  private readonly fd: number;
  private size: number;
  readonly salt: Buffer;
  readonly columns: StoredColumn[] = [];

  constructor(
    readonly path: string,
    private readonly readOnly = false,
  ) {
    if (!readOnly) ensurePrivateDir(path);
    this.fd = readOnly ? openSync(path, 'r') : openCreatingDurably(path, () => openSync(path, 'a+', 0o600));
    this.size = fstatSync(this.fd).size;
    const records = this.readAll();
    const first = records.shift();
    if (first) {
      const salt = (first.header as unknown as { salt?: string }).salt;
      if (typeof salt !== 'string') throw this.damaged(0);
      this.salt = Buffer.from(salt, 'hex');
    } else {
      this.salt = randomBytes(16);
      if (!readOnly) this.write([this.record({ salt: this.salt.toString('hex') }, new Uint8Array(0))]);
    }
    for (const r of records) this.columns.push(r as StoredColumn);
  }

  get bytes(): number {
    return this.size;
  }

  /** Appends the columns in one write and flushes it. */
  append(columns: readonly StoredColumn[]): void {
    if (this.readOnly) throw new Error(`${this.path} is open read-only`);
    if (columns.length === 0) return;
    this.write(columns.map((c) => this.record(c.header, c.sketch)));
  }

  close(): void {
    closeSync(this.fd);
  }

  private record(header: object, sketch: Uint8Array): Buffer {
    const head = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(PREFIX);
    prefix.writeUInt32LE(MAGIC, 0);
    prefix.writeUInt32LE(head.byteLength, 4);
    prefix.writeUInt32LE(sketch.byteLength, 8);
    const sum = Buffer.alloc(SUFFIX);
    sum.writeUInt32LE(checksum(Buffer.concat([head, sketch])), 0);
    return Buffer.concat([prefix, head, sketch, sum]);
  }

  private write(records: Buffer[]): void {
    const all = Buffer.concat(records);
    let written = 0;
    while (written < all.byteLength) written += writeSync(this.fd, all, written);
    fdatasyncSync(this.fd);
    this.size += all.byteLength;
  }

  private readAll(): { header: ColumnHeader; sketch: Uint8Array }[] {
    const out: { header: ColumnHeader; sketch: Uint8Array }[] = [];
    const prefix = Buffer.alloc(PREFIX);
    let at = 0;
    while (at < this.size) {
      const rest = this.size - at;
      if (rest < PREFIX) {
        this.cut(at);
        break;
      }
      readSync(this.fd, prefix, 0, PREFIX, at);
      if (prefix.readUInt32LE(0) !== MAGIC) throw this.damaged(at);
      const headBytes = prefix.readUInt32LE(4);
      const sketchBytes = prefix.readUInt32LE(8);
      const total = PREFIX + headBytes + sketchBytes + SUFFIX;
      if (rest < total) {
        this.cut(at);
        break;
      }
      const body = Buffer.alloc(headBytes + sketchBytes + SUFFIX);
      readSync(this.fd, body, 0, body.byteLength, at + PREFIX);
      const content = body.subarray(0, headBytes + sketchBytes);
      if (body.readUInt32LE(headBytes + sketchBytes) !== checksum(content)) throw this.damaged(at);
      out.push({
        header: JSON.parse(content.subarray(0, headBytes).toString('utf8')) as ColumnHeader,
        sketch: new Uint8Array(content.subarray(headBytes)),
      });
      at += total;
    }
    return out;
  }

  private cut(at: number): void {
    this.size = at;
    if (this.readOnly) return;
    ftruncateSync(this.fd, at);
    fdatasyncSync(this.fd);
  }

  private damaged(at: number): Error {
    return new Error(`${this.path}: the column ledger is damaged at byte ${at}; restore it from a backup`);
  }
}
