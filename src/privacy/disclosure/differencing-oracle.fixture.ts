/**
 * The differencing rule by brute force, for tests: the patients on which a signed combination of sets is
 * non-zero, and whether a set reveals a small group with one or two earlier sets. Slow and obviously
 * right; the ledger's fast check must agree with it.
 */

/** Patients on which `Σ coefficient · 1[set]` is non-zero. */
export function support<T>(terms: readonly [Set<T>, number][]): number {
  const all = new Set<T>();
  for (const [s] of terms) for (const x of s) all.add(x);
  let n = 0;
  for (const x of all) {
    let f = 0;
    for (const [s, c] of terms) if (s.has(x)) f += c;
    if (f !== 0) n++;
  }
  return n;
}

/**
 * True when `t − A`, `t − A − B` or `t − A + B` is non-zero on 1..threshold−1 patients, or on none for
 * the earlier sets `i`, `j` for which `exactRisk(i, j)` holds (sets about other populations).
 */
export function revealsSmallGroup<T>(
  t: Set<T>,
  earlier: readonly Set<T>[],
  threshold: number,
  exactRisk: (i: number, j: number) => boolean = () => false,
): boolean {
  const small = (n: number) => n > 0 && n < threshold;
  const risky = (n: number, i: number, j: number) => small(n) || (n === 0 && exactRisk(i, j));
  for (const a of earlier)
    if (
      small(
        support([
          [t, 1],
          [a, -1],
        ]),
      )
    )
      return true;
  for (let i = 0; i < earlier.length; i++) {
    for (let j = 0; j < earlier.length; j++) {
      if (i === j) continue;
      const a = earlier[i]!;
      const b = earlier[j]!;
      if (
        i < j &&
        risky(
          support([
            [t, 1],
            [a, -1],
            [b, -1],
          ]),
          i,
          j,
        )
      )
        return true;
      if (
        risky(
          support([
            [t, 1],
            [a, -1],
            [b, 1],
          ]),
          i,
          j,
        )
      )
        return true;
    }
  }
  return false;
}

/**
 * True when, for a family F of pairwise disjoint earlier sets, `t − ΣF` or `R − t − ΣF` (R an earlier
 * set, F disjoint from t and without R) is non-zero on 1..threshold−1 patients, or on none when a set
 * involved answers another question (`otherQuestion(i)`).
 */
export function coversSmallGroup<T>(
  t: Set<T>,
  earlier: readonly Set<T>[],
  threshold: number,
  otherQuestion: (i: number) => boolean = () => false,
): boolean {
  const small = (n: number) => n > 0 && n < threshold;
  const disjoint = (a: Set<T>, b: Set<T>) => [...a].every((x) => !b.has(x));
  /** Every family of pairwise disjoint sets among `pool` (indices), with `visit` called on each. */
  const families = (pool: number[], visit: (family: number[]) => boolean): boolean => {
    const walk = (from: number, family: number[]): boolean => {
      for (let k = from; k < pool.length; k++) {
        const i = pool[k]!;
        if (!family.every((j) => disjoint(earlier[i]!, earlier[j]!))) continue;
        const next = [...family, i];
        if (visit(next) || walk(k + 1, next)) return true;
      }
      return false;
    };
    return walk(0, []);
  };
  const all = earlier.map((_, i) => i);
  const risky = (n: number, involved: number[]) => small(n) || (n === 0 && involved.some(otherQuestion));
  if (
    families(all, (f) => risky(support([[t, 1], ...f.map((i) => [earlier[i]!, -1] as [Set<T>, number])]), f))
  )
    return true;
  for (const r of all) {
    const pool = all.filter((i) => i !== r && disjoint(earlier[i]!, t));
    if (
      families(pool, (f) =>
        risky(support([[earlier[r]!, 1], [t, -1], ...f.map((i) => [earlier[i]!, -1] as [Set<T>, number])]), [
          r,
          ...f,
        ]),
      )
    )
      return true;
  }
  return false;
}
