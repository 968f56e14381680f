import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { ensurePrivateDir, openCreatingDurably } from './private-files.ts';

/** Bytes before a record's header: magic u32 | header length u32 | payload length u32 (little-endian). */
export const FRAME_PREFIX = 12;
/** Bytes after a record's payload: its checksum u32. */
export const FRAME_SUFFIX = 4;

/** The first 4 bytes of SHA-256 of `bytes`, as a record's checksum. */
export const frameChecksum = (bytes: Uint8Array): number =>
  createHash('sha256').update(bytes).digest().readUInt32LE(0);

/** One record in the file: where it starts and how long its header and payload are. */
export interface Frame {
  at: number;
  headerBytes: number;
  payloadBytes: number;
}

/**
 * A ledger's file of framed records, appended and flushed, never rewritten (private folder, mode 0600):
 *
 *     record = magic u32 | header length u32 | payload length u32 | header | payload | checksum u32
 *
 * What the checksum covers is the ledger's choice. Scanning cuts off a record a crash cut short (it was
 * never acknowledged); a wrong magic is damage, which the ledger reports with {@link damaged}.
 */
export class AppendOnlyFile {
  private readonly fd: number;
  private length: number;

  constructor(
    readonly path: string,
    readonly readOnly: boolean,
    /** What the file is, as named when it is damaged ("the release ledger"). */
    private readonly what: string,
  ) {
    if (!readOnly) ensurePrivateDir(path);
    this.fd = readOnly ? openSync(path, 'r') : openCreatingDurably(path, () => openSync(path, 'a+', 0o600));
    this.length = fstatSync(this.fd).size;
  }

  /** The file's length in bytes (after a torn record is cut off). */
  get size(): number {
    return this.length;
  }

  /** One record's bytes: prefix with `magic` and the lengths, header, payload and `checksum`. */
  static frame(magic: number, header: Uint8Array, payload: Uint8Array, checksum: number): Buffer[] {
    const prefix = Buffer.alloc(FRAME_PREFIX);
    prefix.writeUInt32LE(magic, 0);
    prefix.writeUInt32LE(header.byteLength, 4);
    prefix.writeUInt32LE(payload.byteLength, 8);
    const sum = Buffer.alloc(FRAME_SUFFIX);
    sum.writeUInt32LE(checksum, 0);
    return [prefix, Buffer.from(header), Buffer.from(payload), sum];
  }

  /** Every complete record with `magic`, in order; a record cut short at the end is cut off the file. */
  frames(magic: number): Frame[] {
    const out: Frame[] = [];
    const prefix = Buffer.alloc(FRAME_PREFIX);
    let at = 0;
    while (at < this.length) {
      const rest = this.length - at;
      if (rest < FRAME_PREFIX) {
        this.cut(at);
        break;
      }
      this.read(prefix, at);
      if (prefix.readUInt32LE(0) !== magic) throw this.damaged(at);
      const headerBytes = prefix.readUInt32LE(4);
      const payloadBytes = prefix.readUInt32LE(8);
      const total = FRAME_PREFIX + headerBytes + payloadBytes + FRAME_SUFFIX;
      if (rest < total) {
        this.cut(at);
        break;
      }
      out.push({ at, headerBytes, payloadBytes });
      at += total;
    }
    return out;
  }

  /** Fills `into` from the file at `position`. */
  read(into: Buffer, position: number): Buffer {
    readSync(this.fd, into, 0, into.byteLength, position);
    return into;
  }

  /** Appends the bytes in one write and flushes them to the disk before returning. */
  append(parts: readonly Uint8Array[]): void {
    if (this.readOnly) throw new Error(`${this.path} is open read-only`);
    const all = Buffer.concat(parts);
    let written = 0;
    while (written < all.byteLength) written += writeSync(this.fd, all, written);
    fdatasyncSync(this.fd);
    this.length += all.byteLength;
  }

  close(): void {
    closeSync(this.fd);
  }

  damaged(at: number): Error {
    return new Error(`${this.path}: ${this.what} is damaged at byte ${at}; restore it from a backup`);
  }

  private cut(at: number): void {
    this.length = at;
    if (this.readOnly) return;
    ftruncateSync(this.fd, at);
    fdatasyncSync(this.fd);
  }
}
