import { RoaringBitmap32 } from './roaring.ts';
import {
  lowerBoundOutside as boundOutside,
  lowerBoundShared as boundShared,
  type SetSketch,
  sampleMembers,
} from './set-sketch.ts';

/** A patient set as the differencing check sees it: its size, its sketch and (on demand) its members. */
export interface CheckedSet {
  readonly size: number;
  readonly sketch: SetSketch;
  /** The members; loading may read the ledger file, so the check asks only when the sketches cannot decide. */
  members(): RoaringBitmap32;
}

/**
 * How a new set would reveal a small group together with earlier ones:
 * - `difference`: it differs from one earlier set by 1..threshold−1 patients (T − A);
 * - `union`: it is two earlier sets put together, give or take a small group (T − A − B);
 * - `complement`: it is an earlier set without another one, give or take a small group (T − A + B);
 * - `cover`: it is several pairwise disjoint earlier sets together, or an earlier set without several
 *   pairwise disjoint ones, give or take a small group (T − A − B − C …, R − T − B − C …);
 * - `unchecked`: so many earlier sets could combine with it that the check stopped; refused to be safe.
 */
export type DifferencingKind = 'difference' | 'union' | 'complement' | 'cover' | 'unchecked';

export interface DifferencingRisk<S extends CheckedSet> {
  readonly kind: DifferencingKind;
  /** The earlier sets involved (one or two; none for `cover` and `unchecked`). */
  readonly earlier: readonly S[];
}

export interface CheckLimits {
  /** Most exact set operations one check may do before it refuses as `unchecked` (default 200,000). */
  readonly maxExactOperations?: number;
  /**
   * False: no size-free pre-filters (sketches, samples), every candidate pair compared exactly. The same
   * answer, slower: the baseline of `bench/ledger.ts`.
   */
  readonly prefilter?: boolean;
  /**
   * False: no check of three or more earlier sets (`cover`); only for `bench/ledger.ts`, which measures
   * what that check costs.
   */
  readonly cover?: boolean;
  /** Filled with how many exact set operations each step of the check did (benches, tuning). */
  readonly report?: { pairwise: number; union: number; complement: number; cover?: number };
}

/** Index of the first set in `sorted` (ascending by size) whose size is ≥ `size`. */
export function firstAtLeast(sorted: readonly CheckedSet[], size: number, start = 0): number {
  let lo = start;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.size < size) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Budget {
  used = 0;
  constructor(readonly max: number) {}
  spend(): boolean {
    this.used++;
    return this.used <= this.max;
  }
}

class Stop extends Error {}

const samples = new WeakMap<SetSketch, RoaringBitmap32>();

/** The sketch's sample of members as a bitmap (kept per sketch: earlier sets are checked again and again). */
function sampleOf(s: SetSketch): RoaringBitmap32 {
  let b = samples.get(s);
  if (!b) {
    b = new RoaringBitmap32(sampleMembers(s));
    samples.set(s, b);
  }
  return b;
}

/**
 * Checks whether releasing a number computed on the patient set `t` could, together with numbers
 * released earlier on the sets `sorted` (ascending by size), reveal something about a group of
 * 1..threshold−1 patients. A released count or sum of `t` minus that of `A` is a count or sum over the
 * patients in exactly one of them, so the risk is a *symmetric difference* between 1 and threshold−1;
 * with two earlier sets, `t − A − B` and `t − A + B` are checked too (the patients on which that signed
 * combination is non-zero); with more, sums of pairwise disjoint earlier sets: `t − A − B − C …` and
 * `R − t − B − C …` (step 4, {@link smallCover}). Other combinations of three or more are not checked.
 *
 * A combination of two earlier sets that `t` matches *exactly* (support 0) is a risk too when
 * `exactRisk` says so for those two sets (for more, when `otherQuestion` says so for one of them): whether `t` is answered must not tell 0 from 1..threshold−1
 * for a combination the requester chose (`docs/decisions/release-ledger.md`, "Refusals that tell").
 *
 * Exact: sizes and sketches (exact lower bounds, see set-sketch.ts) rule out most earlier sets without
 * touching their members; the rest are compared with compressed bitmaps (roaring).
 *
 * @returns the first risk found, or undefined when the release is safe.
 */
export function findDifferencing<S extends CheckedSet>(
  t: CheckedSet,
  sorted: readonly S[],
  threshold: number,
  limits: CheckLimits = {},
  exactRisk: (a: S, b: S) => boolean = () => false,
  otherQuestion: (a: S) => boolean = () => false,
): DifferencingRisk<S> | undefined {
  if (threshold <= 1 || t.size === 0) return undefined;
  const budget = new Budget(limits.maxExactOperations ?? 200_000);
  let step: 'pairwise' | 'union' | 'complement' | 'cover' = 'pairwise';
  const count = () => {
    if (limits.report) limits.report[step] = (limits.report[step] ?? 0) + 1;
    if (!budget.spend()) throw new Stop();
  };
  const tm = t.members();
  const ts = t.size;
  const sharedWithT = new Map<S, number>();
  const shared = (s: S): number => {
    let c = sharedWithT.get(s);
    if (c === undefined) {
      count();
      c = tm.andCardinality(s.members());
      sharedWithT.set(s, c);
    }
    return c;
  };
  /** |A ∩ B| and |A ∩ B ∩ T|. */
  const triple = (a: S, b: S): { g: number; h: number } => {
    count();
    const ab = RoaringBitmap32.and(a.members(), b.members());
    return { g: ab.size, h: ab.andCardinality(tm) };
  };
  const small = (n: number) => n > 0 && n < threshold;
  /** A signed combination of `t` with `a` and `b` non-zero on `n` patients reveals a small group. */
  const risky = (n: number, a: S, b: S) => small(n) || (n === 0 && exactRisk(a, b));
  const prefilter = limits.prefilter ?? true;
  const lowerBoundOutside: typeof boundOutside = (a, b, cap) => (prefilter ? boundOutside(a, b, cap) : 0);
  const lowerBoundShared: typeof boundShared = (a, b, cap) => (prefilter ? boundShared(a, b, cap) : 0);
  // With T's members at hand, an earlier set's sample bounds its overlap with T exactly: sampled members
  // outside T are outside T, sampled members inside are inside.
  const sampledOutsideT = (a: S) => {
    if (!prefilter) return 0;
    const sample = sampleOf(a.sketch);
    return sample.size - sample.andCardinality(tm);
  };
  const sampledInsideT = (a: S) => (prefilter ? sampleOf(a.sketch).andCardinality(tm) : 0);
  /** A lower bound on |A \ T|, from the cheaper evidence first; stops once it reaches the threshold. */
  const outsideT = (a: S) => {
    const sampled = sampledOutsideT(a);
    return sampled >= threshold
      ? sampled
      : Math.max(sampled, lowerBoundOutside(a.sketch, t.sketch, threshold));
  };

  try {
    // 1. One earlier set: |T Δ A| = |T| + |A| − 2|T ∩ A|.
    const from = firstAtLeast(sorted, ts - threshold + 1);
    for (let i = from; i < sorted.length && sorted[i]!.size < ts + threshold; i++) {
      const a = sorted[i]!;
      if (lowerBoundOutside(t.sketch, a.sketch) + lowerBoundOutside(a.sketch, t.sketch) >= threshold)
        continue;
      if (small(ts + a.size - 2 * shared(a))) return { kind: 'difference', earlier: [a] };
    }

    // 2. T ≈ A ∪ B with A, B (almost) inside T: every member of A or B outside T is in the group.
    step = 'union';
    const insideEnd = firstAtLeast(sorted, ts + threshold);
    const inside: S[] = [];
    for (let i = 0; i < insideEnd; i++) {
      const a = sorted[i]!;
      if (a.size === 0 || outsideT(a) >= threshold) continue;
      if (a.size - shared(a) < threshold) inside.push(a);
    }
    for (let i = 0; i < inside.length; i++) {
      const a = inside[i]!;
      const lo = ts - a.size - 2 * threshold;
      const hi = ts - a.size + 2 * threshold;
      for (let j = firstAtLeast(inside, lo + 1, i + 1); j < inside.length; j++) {
        const b = inside[j]!;
        if (b.size >= hi) break;
        const ca = shared(a);
        const cb = shared(b);
        // supp(T − A − B) = |T| + |A| + |B| − 2|T∩A| − 2|T∩B| − |A∩B| + 3|T∩A∩B|; bound it first.
        const base = ts + a.size + b.size - 2 * ca - 2 * cb;
        const bound = base - Math.min(a.size, b.size) + 3 * Math.max(0, ca + cb - ts);
        if (bound >= threshold) continue;
        const { g, h } = triple(a, b);
        if (risky(base - g + 3 * h, a, b)) return { kind: 'union', earlier: [a, b] };
      }
    }

    // 3. T ≈ A \ B with T (almost) inside A, B (almost) inside A and (almost) outside T.
    step = 'complement';
    const containers: S[] = [];
    for (let i = firstAtLeast(sorted, ts - threshold + 1); i < sorted.length; i++) {
      const a = sorted[i]!;
      if (lowerBoundOutside(t.sketch, a.sketch, threshold) >= threshold) continue;
      if (ts - shared(a) < threshold) containers.push(a);
    }
    for (const a of containers) {
      const lo = a.size - ts - 2 * threshold;
      const hi = a.size - ts + 2 * threshold;
      for (let j = firstAtLeast(sorted, Math.max(1, lo + 1)); j < sorted.length; j++) {
        const b = sorted[j]!;
        if (b.size >= hi) break;
        if (b === a) continue;
        if (lowerBoundOutside(b.sketch, a.sketch, threshold) >= threshold) continue;
        if (sampledInsideT(b) >= threshold || lowerBoundShared(t.sketch, b.sketch, threshold) >= threshold)
          continue;
        const cb = shared(b);
        if (cb >= threshold) continue;
        const ca = shared(a);
        // supp(T − A + B) = |T| + |A| + |B| − 2|T∩A| − |T∩B| − 2|A∩B| + 3|T∩A∩B|.
        const base = ts + a.size + b.size - 2 * ca - cb;
        if (base - 2 * Math.min(a.size, b.size) >= threshold) continue;
        const { g, h } = triple(a, b);
        if (risky(base - 2 * g + 3 * h, a, b)) return { kind: 'complement', earlier: [a, b] };
      }
    }

    // 4. Three or more earlier sets (`cover`): T is pairwise disjoint earlier sets together, or an earlier
    //    set R is T and pairwise disjoint earlier sets together, give or take a small group.
    if (limits.cover ?? true) {
      step = 'cover';
      const risk = () => ({ kind: 'cover' as const, earlier: [] });
      // 4a. T − A − B − C …: the parts are the earlier sets (almost) inside T, which step 2 collected.
      const parts = inside.map((a) => ({ s: a, inX: shared(a), out: a.size - shared(a) }));
      if (parts.length >= 3 && smallCover(tm, ts, 0, false, parts, threshold, count, otherQuestion))
        return risk();
      // 4b. R − T − B − C …: for each earlier R (almost) containing T (step 3's containers), the parts are
      //     the earlier sets disjoint from T and (almost) inside R.
      if (containers.length > 0) {
        // The earlier sets that may share no patient with T (a sampled member inside T proves they
        // do): one sample per set, once; members are compared only for a container's candidates.
        const widest = Math.max(...containers.map((r) => r.size - shared(r)));
        const maybeApart: S[] = [];
        for (let i = 0; i < sorted.length && sorted[i]!.size < widest + threshold; i++)
          if (sampledInsideT(sorted[i]!) === 0) maybeApart.push(sorted[i]!);
        for (const r of containers) {
          const xSize = r.size - shared(r);
          const rm = r.members();
          const within: { s: S; inX: number; out: number }[] = [];
          for (const d of maybeApart) {
            if (d.size >= xSize + threshold) break;
            if (d === r) continue;
            // (Almost) inside R: the sample against R's members at hand, before any members are read.
            if (prefilter) {
              const sample = sampleOf(d.sketch);
              if (sample.size - sample.andCardinality(rm) >= threshold) continue;
            }
            if (shared(d) !== 0) continue;
            count();
            const inX = d.members().andCardinality(rm);
            if (d.size - inX < threshold) within.push({ s: d, inX, out: d.size - inX });
          }
          if (within.length < 2) continue;
          count();
          const x = RoaringBitmap32.andNot(rm, tm);
          if (smallCover(x, xSize, ts - shared(r), otherQuestion(r), within, threshold, count, otherQuestion))
            return risk();
        }
      }
    }
  } catch (e) {
    if (e instanceof Stop) return { kind: 'unchecked', earlier: [] };
    throw e;
  }
  return undefined;
}

/** Components of at most this many overlapping sets are searched family by family; larger ones greedily. */
const EXACT_COMPONENT = 16;

/**
 * Whether `X − Σ F`, for a family `F` of pairwise disjoint `parts`, is non-zero on 1..threshold−1
 * patients besides `base` others (T's members outside R in step 4b) — or on none when a set of `F`
 * answers another question (or `baseOther`: the container R does). Each part has its members inside X
 * (`inX`) and fewer than `threshold` outside (`out`); a disjoint family's support is the members of X no
 * part covers plus the parts' members outside X, so other earlier sets cannot take part.
 *
 * Sound for any combination: when the parts together leave at least `threshold` members of X uncovered,
 * no signed combination of them comes within the threshold of X (checked first on the parts' sizes).
 * Otherwise the parts that share a patient form components (disjoint from each other), each contributing one family of its own: every family of
 * pairwise disjoint parts in a component of up to {@link EXACT_COMPONENT} parts, the prefixes of two
 * greedy orders in a larger one; the values below the threshold are summed over components (a small
 * subset-sum table). Exact when every component is small.
 */
function smallCover<S extends CheckedSet>(
  x: RoaringBitmap32,
  xSize: number,
  base: number,
  baseOther: boolean,
  parts: readonly { s: S; inX: number; out: number }[],
  threshold: number,
  count: () => void,
  otherQuestion: (a: S) => boolean,
): boolean {
  if (base >= threshold) return false;
  // The parts together hold at most the sum of their members inside X: too few, and no family is near.
  let mass = 0;
  for (const p of parts) mass += p.inX;
  if (base + xSize - mass >= threshold) return false;
  // Then on their union (one pass over the parts, without comparing them with each other).
  count();
  if (base + xSize - RoaringBitmap32.orMany(parts.map((p) => p.s.members())).andCardinality(x) >= threshold)
    return false;

  type Part = (typeof parts)[number];
  let comps: { parts: Part[]; union: RoaringBitmap32 }[] = [];
  const seen = new RoaringBitmap32();
  for (const p of [...parts].sort((a, b) => b.s.size - a.s.size)) {
    const m = p.s.members();
    count();
    if (!seen.intersects(m)) {
      comps.push({ parts: [p], union: m.clone() });
      seen.orInPlace(m);
      continue;
    }
    const hit = comps.filter((c) => {
      count();
      return c.union.intersects(m);
    });
    comps = comps.filter((c) => !hit.includes(c));
    comps.push({
      parts: [...hit.flatMap((c) => c.parts), p],
      union: RoaringBitmap32.orMany([...hit.map((c) => c.union), m]),
    });
    seen.orInPlace(m);
  }
  count();
  const uncovered = xSize - seen.andCardinality(x);
  if (base + uncovered >= threshold) return false;

  // reach[v], bit 1: some family leaves v patients with every set about the question; bit 2: one that
  // has a set about another question.
  let reach = new Uint8Array(threshold);
  reach[base + uncovered] = baseOther ? 2 : 1;
  for (const c of comps) {
    count();
    const within = c.union.andCardinality(x);
    const values = new Uint8Array(threshold);
    const note = (v: number, other: boolean) => {
      if (v < threshold) values[v]! |= other ? 2 : 1;
    };
    note(within, false);
    const n = c.parts.length;
    if (n <= EXACT_COMPONENT) {
      const clash = new Uint32Array(n);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          count();
          if (c.parts[i]!.s.members().intersects(c.parts[j]!.s.members())) {
            clash[i]! |= 1 << j;
            clash[j]! |= 1 << i;
          }
        }
      const walk = (from: number, chosen: number, v: number, other: boolean) => {
        for (let j = from; j < n; j++) {
          if (clash[j]! & chosen) continue;
          const p = c.parts[j]!;
          const w = v - p.inX + p.out;
          const o = other || otherQuestion(p.s);
          note(w, o);
          walk(j + 1, chosen | (1 << j), w, o);
        }
      };
      walk(0, 0, within, false);
    } else {
      const orders = [
        [...c.parts].sort((a, b) => b.inX - b.out - (a.inX - a.out)),
        [...c.parts].sort((a, b) => a.s.size - b.s.size),
      ];
      for (const order of orders) {
        const u = new RoaringBitmap32();
        let v = within;
        let other = false;
        for (const p of order) {
          count();
          if (u.intersects(p.s.members())) continue;
          u.orInPlace(p.s.members());
          v += p.out - p.inX;
          other ||= otherQuestion(p.s);
          note(v, other);
        }
      }
    }
    const next = new Uint8Array(threshold);
    for (let a = 0; a < threshold; a++) {
      if (!reach[a]) continue;
      for (let b = 0; a + b < threshold; b++) {
        if (!values[b]) continue;
        const fa = reach[a]!;
        const fb = values[b]!;
        next[a + b]! |= (fa & fb & 1) | ((fa | fb) & 2);
      }
    }
    reach = next;
    if (reach.every((f) => f === 0)) return false;
  }
  return reach.some((f, v) => (v > 0 && f !== 0) || (v === 0 && (f & 2) !== 0));
}
