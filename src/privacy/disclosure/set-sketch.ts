/**
 * A bottom-k sketch of a set of patient numbers: the `k` smallest values of a fixed bijective mix of
 * the numbers. Because the mix is a bijection on 32-bit integers, two different patients never share a
 * sketch value, which makes the bounds below exact lower bounds — never estimates — so the ledger can
 * skip an earlier release on their word without any chance of missing a risky one.
 */
export interface SetSketch {
  /** The smallest mixed values of the set, ascending (all of them when the set has at most k). */
  readonly values: Uint32Array;
  /** True when `values` holds the whole set. */
  readonly complete: boolean;
}

/** Sketch size: 128 values (512 bytes per released set). */
export const SKETCH_SIZE = 128;

/**
 * MurmurHash3's 32-bit finaliser: a bijection on unsigned 32-bit integers that spreads consecutive
 * patient numbers uniformly.
 */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The sketch of a set given as its member numbers (any order, no duplicates). Mixed values are uniform,
 * so one pass keeps only those below a cut that should let about 2k through (raising it in the rare case
 * it let fewer than k through): linear in the set's size, no sort of the whole set.
 */
export function sketchOf(members: ArrayLike<number>, k = SKETCH_SIZE): SetSketch {
  const n = members.length;
  if (n <= k) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = mix32(members[i]!);
    return { values: all.sort(), complete: true };
  }
  for (
    let cut = Math.min(0xffffffff, Math.ceil(((2 * k) / n) * 0x100000000));
    ;
    cut = Math.min(0xffffffff, cut * 2)
  ) {
    const kept: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = mix32(members[i]!);
      if (v <= cut) kept.push(v);
    }
    if (kept.length >= k || cut === 0xffffffff) {
      const values = Uint32Array.from(kept).sort();
      return { values: values.slice(0, k), complete: false };
    }
  }
}

/** The largest value the sketch is sure about: every member of the set below it is in the sketch. */
function horizon(s: SetSketch): number {
  return s.complete ? 0xffffffff : s.values[s.values.length - 1]!;
}

/**
 * A lower bound on |A \ B|: members of A seen in A's sketch, at or below B's horizon, and not in B's
 * sketch. Below its horizon B's sketch lists every member of B, so each of them is certainly not in B.
 * Both sketches are sorted: one merge.
 */
export function lowerBoundOutside(a: SetSketch, b: SetSketch): number {
  const h = horizon(b);
  const x = a.values;
  const y = b.values;
  let j = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v > h) break;
    while (j < y.length && y[j]! < v) j++;
    if (j >= y.length || y[j]! !== v) n++;
  }
  return n;
}

/** A lower bound on |A ∩ B|: values in both sketches belong to members of both sets. */
export function lowerBoundShared(a: SetSketch, b: SetSketch): number {
  let i = 0;
  let j = 0;
  let n = 0;
  const x = a.values;
  const y = b.values;
  while (i < x.length && j < y.length) {
    if (x[i]! === y[j]!) {
      n++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return n;
}
