import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { ensurePrivateDir, openCreatingDurably } from './private-files.ts';
import { RoaringBitmap32 } from './roaring.ts';
import type { SetSketch } from './set-sketch.ts';

/** What the ledger keeps in memory of a set: everything but its members. */
export interface SetHeader {
  size: number;
  sketch: SetSketch;
  digest: string;
  label: string;
  task: string;
  at: string;
}

/** A set written to the file: its header and where its members are. */
export interface StoredSet {
  readonly header: SetHeader;
  /** Where the record starts (also the set's key in the member cache). */
  readonly offset: number;
  readonly payloadOffset: number;
  readonly payloadBytes: number;
  /** SHA-256 of the payload, checked whenever the members are read back. */
  readonly payloadSha: string;
}

const MAGIC = 0x31534c52; // "RLS1", little-endian
const PREFIX = 12;
const SUFFIX = 4;

interface HeaderJson {
  size: number;
  sketch: string;
  complete: boolean;
  digest: string;
  label: string;
  task: string;
  at: string;
  payloadSha: string;
}

function checksum(bytes: Uint8Array): number {
  return createHash('sha256').update(bytes).digest().readUInt32LE(0);
}

/**
 * The ledger's file: records appended one after another, never rewritten.
 *
 *     record  = magic u32 | header length u32 | payload length u32 | header | payload | checksum u32
 *     header  = JSON: size, sketch (base64), digest, label, task, time, SHA-256 of the payload
 *     payload = the members as a roaring bitmap (portable format)
 *     checksum = first 4 bytes of SHA-256 of the header
 *
 * Opening reads headers only and skips payloads, so it costs little however large the sets. A record a
 * crash cut short is cut off (it was never acknowledged); a damaged record anywhere else stops the
 * station from answering (it must not answer against a history it cannot read).
 */
export class LedgerFile {
  private readonly fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly readOnly = false,
  ) {
    if (!readOnly) ensurePrivateDir(path);
    this.fd = readOnly ? openSync(path, 'r') : openCreatingDurably(path, () => openSync(path, 'a+', 0o600));
    this.size = fstatSync(this.fd).size;
  }

  get bytes(): number {
    return this.size;
  }

  /** Every complete record's header and place. */
  readAll(): StoredSet[] {
    const out: StoredSet[] = [];
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
      const headerBytes = prefix.readUInt32LE(4);
      const payloadBytes = prefix.readUInt32LE(8);
      const total = PREFIX + headerBytes + payloadBytes + SUFFIX;
      if (rest < total) {
        this.cut(at);
        break;
      }
      const header = Buffer.alloc(headerBytes);
      readSync(this.fd, header, 0, headerBytes, at + PREFIX);
      const sum = Buffer.alloc(SUFFIX);
      readSync(this.fd, sum, 0, SUFFIX, at + PREFIX + headerBytes + payloadBytes);
      if (sum.readUInt32LE(0) !== checksum(header)) throw this.damaged(at);
      const json = JSON.parse(header.toString('utf8')) as HeaderJson;
      const raw = Buffer.from(json.sketch, 'base64');
      const values = new Uint32Array(raw.byteLength / 4);
      for (let i = 0; i < values.length; i++) values[i] = raw.readUInt32LE(i * 4);
      out.push({
        header: {
          size: json.size,
          sketch: { values, complete: json.complete },
          digest: json.digest,
          label: json.label,
          task: json.task,
          at: json.at,
        },
        offset: at,
        payloadOffset: at + PREFIX + headerBytes,
        payloadBytes,
        payloadSha: json.payloadSha,
      });
      at += total;
    }
    return out;
  }

  /** Appends the sets in one write and flushes it; returns where each went. */
  append(sets: readonly { header: SetHeader; members: RoaringBitmap32 }[]): StoredSet[] {
    if (this.readOnly) throw new Error(`${this.path} is open read-only`);
    const parts: Buffer[] = [];
    const stored: StoredSet[] = [];
    let at = this.size;
    for (const { header, members } of sets) {
      const payload = Buffer.from(members.serialize(true));
      const payloadSha = createHash('sha256').update(payload).digest('hex');
      const sketch = Buffer.alloc(header.sketch.values.length * 4);
      for (const [i, v] of header.sketch.values.entries()) sketch.writeUInt32LE(v, i * 4);
      const json: HeaderJson = {
        size: header.size,
        sketch: sketch.toString('base64'),
        complete: header.sketch.complete,
        digest: header.digest,
        label: header.label,
        task: header.task,
        at: header.at,
        payloadSha,
      };
      const head = Buffer.from(JSON.stringify(json), 'utf8');
      const prefix = Buffer.alloc(PREFIX);
      prefix.writeUInt32LE(MAGIC, 0);
      prefix.writeUInt32LE(head.byteLength, 4);
      prefix.writeUInt32LE(payload.byteLength, 8);
      const sum = Buffer.alloc(SUFFIX);
      sum.writeUInt32LE(checksum(head), 0);
      parts.push(prefix, head, payload, sum);
      stored.push({
        header,
        offset: at,
        payloadOffset: at + PREFIX + head.byteLength,
        payloadBytes: payload.byteLength,
        payloadSha,
      });
      at += PREFIX + head.byteLength + payload.byteLength + SUFFIX;
    }
    const all = Buffer.concat(parts);
    let written = 0;
    while (written < all.byteLength) written += writeSync(this.fd, all, written);
    fdatasyncSync(this.fd);
    this.size = at;
    return stored;
  }

  /** The members of a stored set, checked against the SHA-256 written with them. */
  readMembers(s: StoredSet): RoaringBitmap32 {
    const payload = Buffer.alloc(s.payloadBytes);
    readSync(this.fd, payload, 0, s.payloadBytes, s.payloadOffset);
    if (createHash('sha256').update(payload).digest('hex') !== s.payloadSha) throw this.damaged(s.offset);
    return RoaringBitmap32.deserialize(payload, true);
  }

  close(): void {
    closeSync(this.fd);
  }

  private cut(at: number): void {
    if (this.readOnly) {
      this.size = at;
      return;
    }
    ftruncateSync(this.fd, at);
    fdatasyncSync(this.fd);
    this.size = at;
  }

  private damaged(at: number): Error {
    return new Error(`${this.path}: the release ledger is damaged at byte ${at}; restore it from a backup`);
  }
}
