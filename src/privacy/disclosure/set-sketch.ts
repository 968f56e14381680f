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

/** The sketch of a set given as its member numbers (any order, no duplicates). */
export function sketchOf(members: ArrayLike<number>, k = SKETCH_SIZE): SetSketch {
  const mixed = new Uint32Array(members.length);
  for (let i = 0; i < members.length; i++) mixed[i] = mix32(members[i]!);
  mixed.sort();
  const complete = mixed.length <= k;
  return { values: complete ? mixed : mixed.slice(0, k), complete };
}

/** The largest value the sketch is sure about: every member of the set below it is in the sketch. */
function horizon(s: SetSketch): number {
  return s.complete ? 0xffffffff : s.values[s.values.length - 1]!;
}

function has(sorted: Uint32Array, v: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const m = sorted[mid]!;
    if (m === v) return true;
    if (m < v) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * A lower bound on |A \ B|: members of A seen in A's sketch, at or below B's horizon, and not in B's
 * sketch. Below its horizon B's sketch lists every member of B, so each of them is certainly not in B.
 */
export function lowerBoundOutside(a: SetSketch, b: SetSketch): number {
  const h = horizon(b);
  let n = 0;
  for (const v of a.values) {
    if (v > h) break;
    if (!has(b.values, v)) n++;
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
