import { dominated } from '../analytics/disclosure.ts';
import type { RegionalCell } from './regional-picture-schemas.ts';

/** One released cell with the area it lies in and the patient values behind its cost sum. */
export interface CostCell {
  cell: RegionalCell;
  parent: string | null;
  costs: readonly number[];
}

/**
 * Secondary suppression for cost sums along the map. A province's cell (same year, age band, sex) is the
 * sum of its municipalities' cells, a municipality's the sum of its postcode areas', and a run at the
 * higher level releases it: the parent's sum minus the released children's sums is the sum of the
 * children withheld (and of the patients without a lower-level area, `hidden`). When that remainder
 * would be dominated by a few patients, more children are withheld, the smallest sums first, until it is
 * not (or every child is withheld). Sums are changed in place (`cost` set to null).
 */
export function protectCostHierarchy(
  cells: readonly CostCell[],
  hidden: ReadonlyMap<string, readonly number[]>,
  maxShare: number,
  threshold: number,
): void {
  const groups = new Map<string, CostCell[]>();
  for (const c of cells) {
    if (c.parent === null) continue;
    const k = `${c.parent}\u0000${c.cell.year}\u0000${c.cell.ageBand}\u0000${c.cell.sex}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  for (const [k, group] of groups) {
    const remainder = [...(hidden.get(k) ?? [])];
    for (const c of group) if (c.cell.cost === null) remainder.push(...c.costs);
    const open = group
      .filter((c) => c.cell.cost !== null)
      .sort((a, b) => a.cell.cost! - b.cell.cost! || a.cell.area.localeCompare(b.cell.area));
    while (remainder.some((x) => x !== 0) && dominated(remainder, maxShare, threshold) && open.length) {
      const next = open.shift()!;
      next.cell.cost = null;
      remainder.push(...next.costs);
    }
  }
}
