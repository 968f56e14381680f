/**
 * An invertible Bloom lookup table of a released column: the (patient number, value) pairs behind a sum.
 * Two sketches subtract cell by cell; when the columns differ on few pairs the difference *decodes* to
 * exactly those pairs, so the ledger learns on how many patients two columns differ without keeping any
 * value. When they differ on many, decoding fails, which is all the ledger needs to know.
 *
 * Every hash is keyed with the ledger's secret salt, so a requester cannot choose values that collide.
 * The table has {@link SUBTABLES} parts of {@link CELLS_PER_PART} cells; each pair goes to one cell in
 * each part. Cell: count (i32), xor of patient numbers (u32), xor of the value's 64-bit hash (2 × u32),
 * xor of a check hash of the pair (u32) — 20 bytes; 10 KiB per column ({@link SKETCH_BYTES}).
 */
export const SUBTABLES = 4;
export const CELLS_PER_PART = 128;
const CELLS = SUBTABLES * CELLS_PER_PART;
const WORDS = 5;
export const SKETCH_BYTES = CELLS * WORDS * 4;
/** Pairs a difference may hold and still be decoded reliably (a column differing on 24 patients). */
export const DECODABLE_PAIRS = 48;

/** murmur3's 32-bit finaliser: a bijective mix. */
function fmix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const bits = new DataView(new ArrayBuffer(8));

/** The salt as four 32-bit words. */
export type Salt = readonly [number, number, number, number];

/** The value a column holds for one patient, quantised so the same number computed two ways is equal. */
export function quantise(v: number): number {
  if (!Number.isFinite(v)) return v;
  const q = Math.round(v * 1e6) / 1e6;
  return q === 0 ? 0 : q;
}

/** The keyed 64-bit hash of a (quantised) value, as two words. */
function valueHash(v: number, salt: Salt): [number, number] {
  bits.setFloat64(0, v);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const a = fmix(hi ^ salt[0]) ^ fmix(lo ^ salt[1]);
  const b = fmix(lo ^ salt[2] ^ fmix(hi ^ salt[3]));
  return [fmix(a ^ 0x9e3779b9), b];
}

function checkHash(key: number, v0: number, v1: number, salt: Salt): number {
  return fmix(fmix(key ^ salt[3]) ^ fmix(v0 ^ salt[2]) ^ v1);
}

/**
 * The cell of a pair in one part: by patient *and* value, so a patient's old and new value (the pairs a
 * changed value leaves in a difference) land in different cells and both decode.
 */
function cellOf(key: number, v0: number, part: number, salt: Salt): number {
  return (
    part * CELLS_PER_PART + (fmix(fmix(key ^ salt[part]!) + fmix(v0 + part * 0x632be5ab)) % CELLS_PER_PART)
  );
}

/** Adds (sign 1) or takes out (sign −1) the pair of patient number `key` and quantised value `q`. */
function addPair(cells: Uint32Array, key: number, q: number, salt: Salt, sign: 1 | -1): void {
  const k = key >>> 0;
  const [v0, v1] = valueHash(q, salt);
  const check = checkHash(k, v0, v1, salt);
  for (let part = 0; part < SUBTABLES; part++) {
    const c = cellOf(k, v0, part, salt) * WORDS;
    cells[c] = (cells[c]! + sign) >>> 0;
    cells[c + 1]! ^= k;
    cells[c + 2]! ^= v0;
    cells[c + 3]! ^= v1;
    cells[c + 4]! ^= check;
  }
}

const scratch = new Uint32Array(CELLS * WORDS);

/** One column's table (or the difference of two). */
export class ColumnSketch {
  private constructor(readonly cells: Uint32Array) {}

  /** The sketch of `values[i]` held by patient number `keys[i]` (values quantised). */
  static of(keys: ArrayLike<number>, values: ArrayLike<number>, salt: Salt): ColumnSketch {
    const cells = new Uint32Array(CELLS * WORDS);
    for (let i = 0; i < keys.length; i++) addPair(cells, keys[i]!, quantise(values[i]!), salt, 1);
    return new ColumnSketch(cells);
  }

  /**
   * The sketch of the column `after`, from the sketch of `before` over the same patients (`keys`): the
   * pairs of the patients whose (quantised) value changed are taken out and put back with the new value.
   * The table is linear (counts add, the other words xor), so this is the very sketch {@link of} gives —
   * bit for bit — at the cost of the changed patients only.
   */
  static changed(
    base: ColumnSketch,
    keys: ArrayLike<number>,
    before: ArrayLike<number>,
    after: ArrayLike<number>,
    salt: Salt,
  ): ColumnSketch {
    const cells = base.cells.slice();
    for (let i = 0; i < keys.length; i++) {
      const was = quantise(before[i]!);
      const now = quantise(after[i]!);
      if (Object.is(was, now)) continue;
      addPair(cells, keys[i]!, was, salt, -1);
      addPair(cells, keys[i]!, now, salt, 1);
    }
    return new ColumnSketch(cells);
  }

  static fromBytes(bytes: Uint8Array): ColumnSketch {
    if (bytes.byteLength !== SKETCH_BYTES) throw new Error('a column sketch of the wrong size');
    const cells = new Uint32Array(CELLS * WORDS);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < cells.length; i++) cells[i] = view.getUint32(i * 4, true);
    return new ColumnSketch(cells);
  }

  toBytes(): Buffer {
    const out = Buffer.alloc(SKETCH_BYTES);
    for (let i = 0; i < this.cells.length; i++) out.writeUInt32LE(this.cells[i]!, i * 4);
    return out;
  }

  /**
   * The patients on whom this column and `other` differ (held by one only, or with another value), when
   * they are at most `maxPatients` and the difference decodes; undefined otherwise (many differ, or —
   * rarely, for a small difference — the table could not give them back).
   */
  differingPatients(
    other: ColumnSketch,
    salt: Salt,
    maxPatients = DECODABLE_PAIRS / 2,
  ): Set<number> | undefined {
    // A difference on at most `maxPatients` patients leaves at most twice as many pairs, each in one cell
    // of the first part: more non-zero cells there and it cannot be small (most comparisons end here).
    let busy = 0;
    for (let i = 0; i < CELLS_PER_PART * WORDS; i += WORDS) {
      if (this.cells[i] !== other.cells[i] || this.cells[i + 4] !== other.cells[i + 4]) {
        if (++busy > 2 * maxPatients) return undefined;
      }
    }
    const d = scratch;
    for (let i = 0; i < d.length; i += WORDS) {
      d[i] = (this.cells[i]! - other.cells[i]!) >>> 0;
      for (let w = 1; w < WORDS; w++) d[i + w] = this.cells[i + w]! ^ other.cells[i + w]!;
    }
    const patients = new Set<number>();
    let pairs = 0;
    const pure = (c: number): boolean => {
      const count = d[c]! | 0;
      if (count !== 1 && count !== -1) return false;
      const key = d[c + 1]!;
      if (checkHash(key, d[c + 2]!, d[c + 3]!, salt) !== d[c + 4]) return false;
      return cellOf(key, d[c + 2]!, Math.floor(c / WORDS / CELLS_PER_PART), salt) * WORDS === c;
    };
    let progress = true;
    while (progress) {
      progress = false;
      for (let c = 0; c < d.length; c += WORDS) {
        if (!pure(c)) continue;
        const sign = d[c]! | 0;
        const key = d[c + 1]!;
        const v0 = d[c + 2]!;
        const v1 = d[c + 3]!;
        const check = d[c + 4]!;
        patients.add(key);
        if (++pairs > 2 * maxPatients || patients.size > maxPatients) return undefined;
        for (let part = 0; part < SUBTABLES; part++) {
          const e = cellOf(key, v0, part, salt) * WORDS;
          d[e] = (d[e]! - sign) >>> 0;
          d[e + 1]! ^= key;
          d[e + 2]! ^= v0;
          d[e + 3]! ^= v1;
          d[e + 4]! ^= check;
        }
        progress = true;
      }
    }
    for (const w of d) if (w !== 0) return undefined;
    return patients;
  }
}
