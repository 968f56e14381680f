import { createHash } from 'node:crypto';
import { AppendOnlyFile, FRAME_PREFIX, FRAME_SUFFIX, frameChecksum } from './append-only-file.ts';
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
  /** The questions the set was released for (`QuestionOf`); absent in records of older ledgers. */
  questions?: string[];
}

/**
 * A question added to a set written without questions (written before questions were kept): the first
 * question that asks for that set again adopts it.
 */
export interface Adoption {
  digest: string;
  question: string;
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

interface HeaderJson {
  size: number;
  sketch: string;
  complete: boolean;
  digest: string;
  label: string;
  task: string;
  at: string;
  payloadSha: string;
  questions?: string[];
}

interface AdoptionJson {
  adopt: string;
  question: string;
  task: string;
  at: string;
}

/**
 * The ledger's file: records appended one after another, never rewritten.
 *
 *     record  = magic u32 | header length u32 | payload length u32 | header | payload | checksum u32
 *     header  = JSON: size, sketch (base64), digest, label, task, time, SHA-256 of the payload,
 *               the questions the set was released for (absent in records of older ledgers)
 *     payload = the members as a roaring bitmap (portable format)
 *     checksum = first 4 bytes of SHA-256 of the header
 *
 * A set written without questions (by an older ledger) gets its first one from a record with an empty
 * payload whose header is JSON `{ adopt: digest, question, task, at }`.
 *
 * Opening reads headers only and skips payloads, so it costs little however large the sets. A record a
 * crash cut short is cut off (it was never acknowledged); a damaged record anywhere else stops the
 * station from answering (it must not answer against a history it cannot read).
 */
export class LedgerFile {
  private readonly file: AppendOnlyFile;

  constructor(
    readonly path: string,
    readOnly = false,
  ) {
    this.file = new AppendOnlyFile(path, readOnly, 'the release ledger');
  }

  get bytes(): number {
    return this.file.size;
  }

  /** Every complete set record's header and place, and the adoptions, in file order. */
  readAll(): { sets: StoredSet[]; adoptions: Adoption[] } {
    const sets: StoredSet[] = [];
    const adoptions: Adoption[] = [];
    for (const { at, headerBytes, payloadBytes } of this.file.frames(MAGIC)) {
      const header = this.file.read(Buffer.alloc(headerBytes), at + FRAME_PREFIX);
      const sum = this.file.read(Buffer.alloc(FRAME_SUFFIX), at + FRAME_PREFIX + headerBytes + payloadBytes);
      if (sum.readUInt32LE(0) !== frameChecksum(header)) throw this.file.damaged(at);
      const json = JSON.parse(header.toString('utf8')) as HeaderJson | AdoptionJson;
      if ('adopt' in json) {
        const { adopt: digest, question, task, at: when } = json;
        adoptions.push({ digest, question, task, at: when });
        continue;
      }
      sets.push(this.setOf(json, at, headerBytes, payloadBytes));
    }
    return { sets, adoptions };
  }

  private setOf(json: HeaderJson, at: number, headerBytes: number, payloadBytes: number): StoredSet {
    const raw = Buffer.from(json.sketch, 'base64');
    const values = new Uint32Array(raw.byteLength / 4);
    for (let i = 0; i < values.length; i++) values[i] = raw.readUInt32LE(i * 4);
    return {
      header: {
        size: json.size,
        sketch: { values, complete: json.complete },
        digest: json.digest,
        label: json.label,
        task: json.task,
        at: json.at,
        ...(json.questions ? { questions: json.questions } : {}),
      },
      offset: at,
      payloadOffset: at + FRAME_PREFIX + headerBytes,
      payloadBytes,
      payloadSha: json.payloadSha,
    };
  }

  /** Appends adoptions (header-only records) in one write and flushes it. */
  adopt(adoptions: readonly Adoption[]): void {
    if (this.file.readOnly) throw new Error(`${this.path} is open read-only`);
    if (adoptions.length === 0) return;
    const parts: Buffer[] = [];
    for (const a of adoptions) {
      const json: AdoptionJson = {
        adopt: a.digest,
        question: a.question,
        task: a.task,
        at: a.at,
      };
      const head = Buffer.from(JSON.stringify(json), 'utf8');
      parts.push(...AppendOnlyFile.frame(MAGIC, head, new Uint8Array(0), frameChecksum(head)));
    }
    this.file.append(parts);
  }

  /** Appends the sets in one write and flushes it; returns where each went. */
  append(sets: readonly { header: SetHeader; members: RoaringBitmap32 }[]): StoredSet[] {
    if (this.file.readOnly) throw new Error(`${this.path} is open read-only`);
    const parts: Buffer[] = [];
    const stored: StoredSet[] = [];
    let at = this.file.size;
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
        ...(header.questions ? { questions: header.questions } : {}),
      };
      const head = Buffer.from(JSON.stringify(json), 'utf8');
      parts.push(...AppendOnlyFile.frame(MAGIC, head, payload, frameChecksum(head)));
      stored.push({
        header,
        offset: at,
        payloadOffset: at + FRAME_PREFIX + head.byteLength,
        payloadBytes: payload.byteLength,
        payloadSha,
      });
      at += FRAME_PREFIX + head.byteLength + payload.byteLength + FRAME_SUFFIX;
    }
    this.file.append(parts);
    return stored;
  }

  /** The members of a stored set, checked against the SHA-256 written with them. */
  readMembers(s: StoredSet): RoaringBitmap32 {
    const payload = this.file.read(Buffer.alloc(s.payloadBytes), s.payloadOffset);
    if (createHash('sha256').update(payload).digest('hex') !== s.payloadSha)
      throw this.file.damaged(s.offset);
    return RoaringBitmap32.deserialize(payload, true);
  }

  close(): void {
    this.file.close();
  }
}
