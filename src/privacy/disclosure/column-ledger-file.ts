import { randomBytes } from 'node:crypto';
import { AppendOnlyFile, FRAME_PREFIX, FRAME_SUFFIX, frameChecksum } from './append-only-file.ts';

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
  private readonly file: AppendOnlyFile;
  readonly salt: Buffer;
  readonly columns: StoredColumn[] = [];

  constructor(
    readonly path: string,
    readOnly = false,
  ) {
    this.file = new AppendOnlyFile(path, readOnly, 'the column ledger');
    const records = this.readAll();
    const first = records.shift();
    if (first) {
      const salt = (first.header as unknown as { salt?: string }).salt;
      if (typeof salt !== 'string') throw this.file.damaged(0);
      this.salt = Buffer.from(salt, 'hex');
    } else {
      this.salt = randomBytes(16);
      if (!readOnly) this.file.append(record({ salt: this.salt.toString('hex') }, new Uint8Array(0)));
    }
    for (const r of records) this.columns.push(r as StoredColumn);
  }

  get bytes(): number {
    return this.file.size;
  }

  /** Appends the columns in one write and flushes it. */
  append(columns: readonly StoredColumn[]): void {
    if (this.file.readOnly) throw new Error(`${this.path} is open read-only`);
    if (columns.length === 0) return;
    this.file.append(columns.flatMap((c) => record(c.header, c.sketch)));
  }

  close(): void {
    this.file.close();
  }

  private readAll(): { header: ColumnHeader; sketch: Uint8Array }[] {
    return this.file.frames(MAGIC).map(({ at, headerBytes, payloadBytes }) => {
      const body = this.file.read(Buffer.alloc(headerBytes + payloadBytes + FRAME_SUFFIX), at + FRAME_PREFIX);
      const content = body.subarray(0, headerBytes + payloadBytes);
      if (body.readUInt32LE(headerBytes + payloadBytes) !== frameChecksum(content))
        throw this.file.damaged(at);
      return {
        header: JSON.parse(content.subarray(0, headerBytes).toString('utf8')) as ColumnHeader,
        sketch: new Uint8Array(content.subarray(headerBytes)),
      };
    });
  }
}

/** One record: the header as JSON and the sketch, the checksum over both. */
function record(header: object, sketch: Uint8Array): Buffer[] {
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  return AppendOnlyFile.frame(MAGIC, head, sketch, frameChecksum(Buffer.concat([head, sketch])));
}
