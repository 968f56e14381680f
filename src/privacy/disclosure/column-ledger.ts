import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { type ColumnHeader, ColumnLedgerFile } from './column-ledger-file.ts';
import { ColumnSketch, quantise, type Salt } from './column-sketch.ts';

/** A column of patient values as the ledger receives it: patient numbers and values, row by row. */
export interface ValueColumn {
  keys: ArrayLike<number>;
  values: ArrayLike<number>;
}

/**
 * A column whose sketch was computed before, over the SAME patient numbers in the same order (the caller
 * guarantees it): a new column is sketched from it by its changes only.
 */
export interface KnownColumn {
  values: ArrayLike<number>;
  sketch: ColumnSketch;
}

/** A column admitted (or an earlier identical one): what noise on its sums is seeded from. */
export interface AdmittedColumn {
  /** SHA-256 of the column's sketch: the same column, however it was asked, has the same digest. */
  digest: string;
}

class ColumnEntry {
  private parsed: ColumnSketch | undefined;
  constructor(
    readonly header: ColumnHeader,
    private readonly bytes: Uint8Array,
  ) {}
  get sketchBytes(): Uint8Array {
    return this.bytes;
  }
  sketch(): ColumnSketch {
    this.parsed ??= ColumnSketch.fromBytes(this.bytes);
    return this.parsed;
  }
}

/**
 * The station's ledger of every released *column* of patient values (the variable behind a mean, an SD,
 * a regression's sums), beside the ledger of patient sets. Two sums over the same patients whose values
 * differ for a few of them reveal those few values (GP encounters in the 100 and in the 101 days before
 * the index date): the set ledger sees the same set twice. This ledger keeps an invertible Bloom lookup
 * table of each column's (patient, value) pairs ({@link ColumnSketch}, 10 KiB) and refuses a column that
 * differs from an earlier released one — over the same or a nearly the same set — on 1 … threshold−1
 * patients. Columns arrive canonical: the requester's own affine choices (centre, scale) are undone
 * before, so a shifted copy is the same column, not one that differs everywhere.
 */
export class ColumnLedger {
  private readonly entries: ColumnEntry[] = [];
  private readonly byDigest = new Map<string, ColumnEntry>();
  private readonly file: ColumnLedgerFile | undefined;
  readonly salt: Buffer;
  private readonly words: Salt;

  private constructor(path: string | undefined, readOnly: boolean) {
    if (path && !(readOnly && !existsSync(path))) {
      this.file = new ColumnLedgerFile(path, readOnly);
      this.salt = this.file.salt;
      for (const c of this.file.columns) this.insert(new ColumnEntry(c.header, c.sketch));
    } else {
      this.salt = randomBytes(16);
    }
    this.words = [0, 4, 8, 12].map((o) => this.salt.readUInt32LE(o)) as unknown as Salt;
  }

  /** A ledger kept in a file (created 0600 with a fresh salt when missing); without a path, in memory. */
  static open(path?: string, readOnly = false): ColumnLedger {
    return new ColumnLedger(path, readOnly);
  }

  get size(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.file?.bytes ?? 0;
  }

  /**
   * Checks a column against every released one; returns the admitted column (to persist on commit) or,
   * when it differs from an earlier column on 1 … threshold−1 patients, that count (never which).
   */
  check(
    column: ValueColumn,
    threshold: number,
    meta: Omit<ColumnHeader, 'size' | 'digest'>,
    earlier?: KnownColumn,
  ): { admitted: AdmittedColumn; pending?: ColumnEntry; sketch: ColumnSketch } | { differing: number } {
    // The constant column is known to everyone: one that differs from it on a few patients is their values.
    const offMode = column.keys.length - modeCount(column.values);
    if (offMode > 0 && offMode < threshold) return { differing: offMode };
    // From a known column over the same patients when given (the same sketch, computed on the changes).
    const sketch = earlier
      ? ColumnSketch.changed(earlier.sketch, column.keys, earlier.values, column.values, this.words)
      : ColumnSketch.of(column.keys, column.values, this.words);
    const bytes = sketch.toBytes();
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (this.byDigest.has(digest)) return { admitted: { digest }, sketch };
    const size = column.keys.length;
    for (const e of this.near(size, threshold)) {
      const differ = sketch.differingPatients(e.sketch(), this.words, threshold - 1);
      if (differ && differ.size > 0 && differ.size < threshold) return { differing: differ.size };
    }
    const entry = new ColumnEntry({ size, digest, ...meta }, bytes);
    this.insert(entry);
    return { admitted: { digest }, pending: entry, sketch };
  }

  /** Writes admitted columns, flushed, before the answer that released them leaves. */
  persist(pending: readonly ColumnEntry[]): void {
    this.file?.append(pending.map((e) => ({ header: e.header, sketch: e.sketchBytes })));
  }

  /** Forgets admitted columns whose answer did not leave. */
  drop(pending: readonly ColumnEntry[]): void {
    for (const e of pending) {
      this.byDigest.delete(e.header.digest);
      const i = this.entries.indexOf(e);
      if (i >= 0) this.entries.splice(i, 1);
    }
  }

  close(): void {
    this.file?.close();
  }

  /** Columns whose size is within threshold−1 of `size`: only they can differ from it on few patients. */
  private *near(size: number, threshold: number): Generator<ColumnEntry> {
    let i = this.firstAtLeast(size - threshold + 1);
    for (; i < this.entries.length && this.entries[i]!.header.size <= size + threshold - 1; i++)
      yield this.entries[i]!;
  }

  private firstAtLeast(size: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.header.size < size) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(e: ColumnEntry): void {
    this.entries.splice(this.firstAtLeast(e.header.size), 0, e);
    this.byDigest.set(e.header.digest, e);
  }
}

/** How many rows hold the most frequent (quantised) value. */
function modeCount(values: ArrayLike<number>): number {
  const freq = new Map<number, number>();
  let most = 0;
  for (let i = 0; i < values.length; i++) {
    const v = quantise(values[i]!);
    const c = (freq.get(v) ?? 0) + 1;
    freq.set(v, c);
    if (c > most) most = c;
  }
  return most;
}

export type { ColumnEntry };
