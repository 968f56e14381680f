import {
  type DisclosedCount,
  type DisclosurePolicy,
  discloseCount,
  suppressed,
} from './disclosure-policy.ts';

export interface ExactCell<K> {
  readonly key: K;
  readonly exact: number;
}

export interface DisclosedCell<K> {
  readonly key: K;
  readonly count: DisclosedCount;
  /** The exact count behind a released value (stays at the station, for the ledger). */
  readonly exact: number;
}

export interface DisclosedPartition<K> {
  readonly cells: DisclosedCell<K>[];
  /** Sum of the released cells: never a total from which a withheld cell could be derived. */
  readonly total: number;
}

/**
 * Discloses a table whose cells partition a group (every patient in exactly one cell). Cells below
 * the threshold are suppressed; then, while the withheld mass — suppressed cells plus `hiddenMass`
 * (patients the released total stands for but that are in no cell) — is between 1 and threshold−1,
 * the smallest released cell is suppressed too, so "total minus released parts" never gives a small group.
 */
export function disclosePartition<K>(
  cells: readonly ExactCell<K>[],
  policy: DisclosurePolicy,
  hiddenMass = 0,
): DisclosedPartition<K> {
  const out = cells.map((c) => ({ key: c.key, exact: c.exact, count: discloseCount(c.exact, policy) }));
  let withheld = hiddenMass + out.filter((c) => c.count.suppressed).reduce((s, c) => s + c.exact, 0);
  const byExact = out.filter((c) => !c.count.suppressed).sort((a, b) => a.exact - b.exact);
  while (withheld > 0 && withheld < policy.threshold && byExact.length > 0) {
    const next = byExact.shift()!;
    next.count = suppressed('secondary');
    withheld += next.exact;
  }
  const total = out.reduce((s, c) => s + (c.count.value ?? 0), 0);
  return { cells: out, total };
}

/**
 * Discloses a count of a subgroup of a released group of `ofExact` patients (e.g. patients of the
 * cohort with a condition): suppressed when small, and when the rest of the group (`ofExact − exact`)
 * is small, since the two released numbers would give it.
 */
export function discloseSubset(exact: number, ofExact: number, policy: DisclosurePolicy): DisclosedCount {
  const rest = ofExact - exact;
  if (exact >= policy.threshold && rest > 0 && rest < policy.threshold) return suppressed('complement');
  return discloseCount(exact, policy);
}
