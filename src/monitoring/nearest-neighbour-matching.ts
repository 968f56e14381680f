/** Covariates for choosing among the controls within the caliper (matching on a distance within calipers). */
export interface CovariateDistance {
  /** Covariate rows of the exposed patients (same order as the exposed logits). */
  exposed: readonly (readonly number[])[];
  /** Covariate rows of the controls (same order as the control logits). */
  controls: readonly (readonly number[])[];
  /** Per column, the scale (standard deviation) the differences are divided by; 0 leaves the column out. */
  scale: readonly number[];
}

export interface MatchOptions {
  /**
   * Nearest neighbour on the covariates within the propensity caliper (Rubin & Thomas 2000; MatchIt's
   * `mahvars` with a caliper): among the unused controls within the caliper — at most `candidates` of
   * them, the nearest by logit — the k nearest by scaled Euclidean distance on the covariates.
   */
  distance?: CovariateDistance;
  /** Controls considered per exposed patient with `distance` or `closest` (default 40·k). */
  candidates?: number;
  /**
   * `largest` (default): exposed patients from the highest score down, each taking its k nearest.
   * `closest`: the closest pairs first (MatchIt's `m.order = "closest"`): every pair of an exposed
   * patient and one of its candidate controls, by distance (on the covariates with `distance`, else on
   * the logit); a pair is taken while its control is unused and its exposed patient has fewer than k.
   * When controls are scarce it keeps the exposed patients that resemble them, not the highest scores.
   */
  order?: 'largest' | 'closest';
  /**
   * The resolution (in logit units) at which logits are told apart (default 0: exactly). Each control's
   * logit is offset by a seeded draw, uniform within ±resolution/2, and the nearest controls are the
   * nearest by the offset logit; the caliper still holds for the logits themselves. Without it, when many
   * patients share a covariate pattern (whole counts, age in months) and the score hardly tells the groups
   * apart, an exposed patient with a common pattern gets its identical twin (distance 0) while one with a
   * rare pattern (many prior visits) gets the nearest of the common ones, so the patterns of high use are
   * rarely chosen and the controls drift to low use although the logits balance. Within the resolution
   * the choice no longer depends on the pattern, only on the score.
   */
  resolution?: number;
  /** Seed of the offsets (default 1). */
  seed?: number;
}

/** A uniform draw in [0, 1) for (seed, i): a 32-bit integer hash (deterministic, no state). */
export function hashUniform(seed: number, i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * 1:k nearest-neighbour matching on the logit of the propensity score, without replacement, within a
 * caliper: exposed patients are taken from the highest score down (the hardest to match first); each
 * takes the k nearest unused controls whose logit is within the caliper (or, with `options.distance`,
 * the k nearest on the covariates among those). An exposed patient that cannot get k controls is left
 * out (its nearest controls stay in the pool), so every matched set has exactly k controls (counts stay
 * whole numbers; no weights). With `options.resolution`, "nearest" is by the controls' logits offset by a
 * seeded draw within ±resolution/2 (the caliper is on the logits themselves).
 *
 * @returns for each matched exposed index (into `exposed`) its k control indexes (into `controls`)
 */
export function matchNearest(
  exposed: ArrayLike<number>,
  controls: ArrayLike<number>,
  k: number,
  caliper: number,
  options: MatchOptions = {},
): Map<number, number[]> {
  const n = controls.length;
  const resolution = options.resolution ?? 0;
  const seed = options.seed ?? 1;
  const key =
    resolution > 0
      ? Float64Array.from({ length: n }, (_, i) => controls[i]! + (hashUniform(seed, i) - 0.5) * resolution)
      : controls;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
  /** The (offset) logits in sorted order: what "nearest" is measured on. */
  const values = Float64Array.from(order, (i) => key[i]!);
  /** Whether the control at a sorted position is within the caliper of logit v (on the logits themselves). */
  const inCaliper = (v: number, pos: number): boolean =>
    resolution === 0 || Math.abs(controls[order[pos]!]! - v) <= caliper;
  const reach = caliper + resolution / 2;
  // The nearest unused position at or left/right of a position: two disjoint-set forests with path
  // halving, so used controls are skipped once, not walked over by every later exposed patient.
  // Right: parentR[i] leads to the first unused position ≥ i (n: none). Left: parentL[i + 1] leads to
  // (the first unused position ≤ i) + 1 (0: none).
  const parentR = Int32Array.from({ length: n + 1 }, (_, i) => i);
  const parentL = Int32Array.from({ length: n + 1 }, (_, i) => i);
  const root = (parent: Int32Array, i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const findRight = (i: number): number => root(parentR, i);
  const findLeft = (i: number): number => (i < 0 ? -1 : root(parentL, i + 1) - 1);
  const markUsed = (pos: number) => {
    parentR[pos] = pos + 1;
    parentL[pos + 1] = pos;
  };
  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const dist = options.distance;
  const limit = dist ? Math.max(k, options.candidates ?? 40 * k) : k;
  const distance = (e: number, pos: number): number => {
    const a = dist!.exposed[e]!;
    const b = dist!.controls[order[pos]!]!;
    let d = 0;
    for (let c = 0; c < a.length; c++) {
      const s = dist!.scale[c]!;
      if (s > 0) {
        const z = (a[c]! - b[c]!) / s;
        d += z * z;
      }
    }
    return d;
  };
  /**
   * The unused controls within the caliper of logit v, nearest by (offset) logit first, at most `max`.
   * With a resolution, the walk goes on to caliper + resolution/2 by the offset logit and skips those
   * whose own logit is outside the caliper.
   */
  const within = (v: number, max: number): number[] => {
    const at = lowerBound(v);
    let l = findLeft(at - 1);
    let r = findRight(at);
    const found: number[] = [];
    while (found.length < max) {
      const dl = l >= 0 ? v - values[l]! : Number.POSITIVE_INFINITY;
      const dr = r < n ? values[r]! - v : Number.POSITIVE_INFINITY;
      if (Math.min(dl, dr) > reach) break;
      if (dl <= dr) {
        if (inCaliper(v, l)) found.push(l);
        l = findLeft(l - 1);
      } else {
        if (inCaliper(v, r)) found.push(r);
        r = findRight(r + 1);
      }
    }
    return found;
  };
  const result = new Map<number, number[]>();
  if (options.order === 'closest') {
    const many = Math.max(k, options.candidates ?? 40 * k);
    const pairs: { e: number; pos: number; d: number }[] = [];
    for (let e = 0; e < exposed.length; e++)
      for (const pos of within(exposed[e]!, many))
        pairs.push({ e, pos, d: dist ? distance(e, pos) : Math.abs(values[pos]! - exposed[e]!) });
    pairs.sort((a, b) => a.d - b.d || a.e - b.e || a.pos - b.pos);
    const taken = new Uint8Array(n);
    const sets = new Map<number, number[]>();
    for (const { e, pos } of pairs) {
      if (taken[pos]) continue;
      const set = sets.get(e) ?? [];
      if (set.length >= k) continue;
      set.push(pos);
      sets.set(e, set);
      taken[pos] = 1;
    }
    for (const [e, set] of [...sets].sort((a, b) => a[0] - b[0]))
      if (set.length === k)
        result.set(
          e,
          set.map((pos) => order[pos]!),
        );
    return result;
  }
  const exposedOrder = Array.from({ length: exposed.length }, (_, i) => i).sort(
    (a, b) => exposed[b]! - exposed[a]! || a - b,
  );
  for (const e of exposedOrder) {
    let picked = within(exposed[e]!, limit);
    if (picked.length < k) continue;
    if (dist && picked.length > k) {
      const d = new Map(picked.map((pos) => [pos, distance(e, pos)]));
      picked = picked.sort((a, b) => d.get(a)! - d.get(b)! || a - b).slice(0, k);
    }
    for (const pos of picked) markUsed(pos);
    result.set(
      e,
      picked.map((pos) => order[pos]!),
    );
  }
  return result;
}
