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
