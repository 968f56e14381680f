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

/** Sketch size kept per released set: 512 values (2 KB). */
export const SKETCH_SIZE = 512;

/** A new set is checked with a sketch this many times larger (computed on the fly, never stored). */
export const CANDIDATE_SKETCH_FACTOR = 8;

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

/** The inverse of {@link mix32}: the patient number behind a sketch value. */
export function unmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7ed1b41d) >>> 0;
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, 0xa5cb9243) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The members behind a sketch's values: a sample of the set (uniform, and the same rule for every set).
 * Checked against a set whose members are at hand, it bounds the overlap exactly from below and above.
 */
export function sampleMembers(s: SetSketch): Uint32Array {
  const ids = new Uint32Array(s.values.length);
  for (let i = 0; i < ids.length; i++) ids[i] = unmix32(s.values[i]!);
  return ids;
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
 * Both sketches are sorted: one merge, stopped once the bound reaches `cap`.
 */
export function lowerBoundOutside(a: SetSketch, b: SetSketch, cap = Number.POSITIVE_INFINITY): number {
  const h = horizon(b);
  const x = a.values;
  const y = b.values;
  let j = 0;
  let n = 0;
  for (let i = 0; i < x.length && n < cap; i++) {
    const v = x[i]!;
    if (v > h) break;
    while (j < y.length && y[j]! < v) j++;
    if (j >= y.length || y[j]! !== v) n++;
  }
  return n;
}

/** A lower bound on |A ∩ B|: values in both sketches belong to members of both sets. */
export function lowerBoundShared(a: SetSketch, b: SetSketch, cap = Number.POSITIVE_INFINITY): number {
  let i = 0;
  let j = 0;
  let n = 0;
  const x = a.values;
  const y = b.values;
  while (i < x.length && j < y.length && n < cap) {
    if (x[i]! === y[j]!) {
      n++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return n;
}
