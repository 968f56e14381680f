import { type DisclosedCount, type DisclosurePolicy, roundTo, suppressed } from './disclosure-policy.ts';
import type { ReleaseGuard } from './release-ledger.ts';

/** One cell of a table whose cells partition a released group: its key and its patients (exact). */
export interface PartitionCell<K> {
  readonly key: K;
  readonly patients: readonly string[];
}

export interface ReleasedPartition<K> {
  readonly cells: { readonly key: K; readonly count: DisclosedCount }[];
  /** Sum of the released cells: never a total from which a withheld cell could be derived. */
  readonly total: number;
}

/**
 * Releases a table whose cells partition a group released on its own (every patient in exactly one
 * cell). Cells below the threshold (empty ones included) are withheld; while the withheld mass —
 * withheld cells plus `hiddenMass` (patients the released total stands for but that are in no cell) — is
 * below the threshold and some cell or mass is withheld, the smallest released cell is withheld too
 * (secondary suppression), so "total minus released parts" never gives a small group, and an empty
 * withheld cell is treated like a small one. Every cell left is admitted through the ledger; a cell the
 * ledger refuses is withheld and the secondary suppression runs again with it.
 */
export function releasePartition<K>(
  guard: ReleaseGuard,
  labelOf: (key: K) => string,
  cells: readonly PartitionCell<K>[],
  policy: DisclosurePolicy,
  hiddenMass = 0,
): ReleasedPartition<K> {
  const refused = new Set<number>();
  for (;;) {
    const counts: DisclosedCount[] = cells.map((c, i) =>
      c.patients.length < policy.threshold
        ? suppressed('small')
        : refused.has(i)
          ? suppressed('differencing')
          : { value: roundTo(c.patients.length, Math.max(1, policy.rounding)), suppressed: false },
    );
    let withheld =
      hiddenMass + cells.reduce((s, c, i) => s + (counts[i]!.suppressed ? c.patients.length : 0), 0);
    const open = cells
      .map((c, i) => ({ i, n: c.patients.length }))
      .filter(({ i }) => !counts[i]!.suppressed)
      .sort((a, b) => a.n - b.n);
    // Also when every withheld cell is empty: were it only for a withheld mass of 1..threshold−1, a
    // `secondary` cell would tell that a withheld cell holds at least one patient (0 and 1..threshold−1
    // must look alike; `test/attacks/small-cell-existence.int.test.ts`).
    const anyWithheld = withheld > 0 || counts.some((c) => c.suppressed);
    while (anyWithheld && withheld < policy.threshold && open.length > 0) {
      const next = open.shift()!;
      counts[next.i] = suppressed('secondary');
      withheld += next.n;
    }
    const refusedNow = open.find(({ i }) => !guard.admit(labelOf(cells[i]!.key), cells[i]!.patients));
    if (refusedNow) {
      refused.add(refusedNow.i);
      continue;
    }
    const out = cells.map((c, i) => ({ key: c.key, count: counts[i]! }));
    return { cells: out, total: out.reduce((s, c) => s + (c.count.value ?? 0), 0) };
  }
}
