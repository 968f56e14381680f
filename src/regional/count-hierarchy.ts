import { type SuppressionReason, suppressed } from '../privacy/disclosure/disclosure-policy.ts';
import { type RegionalCell, RegionalMeasures } from './regional-picture-schemas.ts';

type Measure = (typeof RegionalMeasures)[number];

/** What a cell (or the patients of a parent area with no lower-level area) holds, exact. */
export interface ExactUse {
  persons: number;
  events: Record<Measure, number>;
}

/** One cell with the area it lies in and its exact counts. */
export interface CountCell {
  cell: RegionalCell;
  parent: string | null;
  exact: ExactUse;
  /**
   * A municipality's pool of small postcode areas: what it holds is the requester's `minAreaPersons`, so
   * it covers first (below).
   */
  pool?: boolean;
}

export const noUse = (): ExactUse => ({
  persons: 0,
  events: { 'ed-visits': 0, 'unplanned-admissions': 0, 'gp-contacts': 0 },
});

/** Key of the cells that add up to one cell of the parent area: parent, year, age band, sex. */
export const parentKey = (parent: string, year: number | string, ageBand: string, sex: string) =>
  `${parent}\u0000${year}\u0000${ageBand}\u0000${sex}`;

/**
 * A withheld cell that held at least the threshold when it was withheld (`secondary`, or refused by the
 * ledger): what a group's released total minus its released cells gives then includes at least the
 * threshold, whatever the cells withheld as small hold.
 */
const covers = (reason: SuppressionReason | undefined) => reason === 'secondary' || reason === 'differencing';

const order = (a: CountCell, b: CountCell, by: (c: CountCell) => number) =>
  Number(!a.pool) - Number(!b.pool) ||
  by(a) - by(b) ||
  a.cell.area.localeCompare(b.cell.area) ||
  a.cell.ageBand.localeCompare(b.cell.ageBand) ||
  a.cell.sex.localeCompare(b.cell.sex);

/**
 * Secondary suppression of persons in one group whose sum is released (or may be): the cells of one
 * area-year (its total), or a parent area's cell and the cells of its children (same year, age band,
 * sex). When any cell of the group is withheld, or `hiddenSomeone` (patients the sum holds that are in no
 * listed cell: their lower-level area unknown, an area or a cell not listed), and no withheld cell
 * covers it, the smallest released cell is withheld (`secondary`) — a municipality's pool of small
 * postcode areas before any: an area that leaves the pool under another `minAreaPersons` takes its
 * cells' patients with it, and were the pool released while the area's cell is withheld as small, the
 * pool then and now would be the same patients or a few apart
 * (`test/attacks/regional-pooled-area-oracle.int.test.ts`). The decision uses only *which*
 * cells are withheld and the released cells' counts, never what a cell withheld as small holds: 0 and
 * 1..threshold−1 give the same pattern (`docs/decisions/release-ledger.md`, "One release for every
 * level"). Returns whether a cell was withheld.
 */
export function coverGroup(group: readonly CountCell[], hiddenSomeone: boolean): boolean {
  const withheld = group.filter((c) => c.cell.persons.suppressed);
  if (!hiddenSomeone && withheld.length === 0) return false;
  if (withheld.some((c) => covers(c.cell.persons.reason))) return false;
  const open = group
    .filter((c) => !c.cell.persons.suppressed)
    .sort((a, b) => order(a, b, (c) => c.exact.persons));
  if (open.length === 0) return false;
  withholdCell(open[0]!.cell);
  return true;
}

/**
 * Secondary suppression along the map. A province's cell (same year, age band, sex) is the sum of its
 * municipalities' cells plus the patients with no known (or no listed) municipality (`hidden`), a
 * municipality's that of its postcode areas; every level is computed in the same run, so the parent's
 * cell is taken as released.
 *
 * - Persons: {@link coverGroup} over each parent's children. A child withheld here loses its events and
 *   cost too.
 * - Events (ED visits, admissions, GP contacts): when any child's count is withheld (small, its persons
 *   withheld, refused) or patients are hidden, and no child with released persons has its count withheld
 *   here, the smallest released count above 0 (so at least the threshold) is withheld (`secondary`).
 *
 * Withholding only adds to what the subtraction gives, so the cells within an area stay protected.
 * Cells are changed in place; returns whether any was.
 */
export function protectCountHierarchy(
  cells: readonly CountCell[],
  hidden: ReadonlyMap<string, ExactUse>,
): boolean {
  const groups = new Map<string, CountCell[]>();
  for (const c of cells) {
    if (c.parent === null) continue;
    const k = parentKey(c.parent, c.cell.year, c.cell.ageBand, c.cell.sex);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  let changed = false;
  for (const [k, group] of groups) {
    const someone = (hidden.get(k)?.persons ?? 0) > 0;
    if (coverGroup(group, someone)) changed = true;
  }
  for (const [k, group] of groups) {
    const someone = (hidden.get(k)?.persons ?? 0) > 0;
    for (const m of RegionalMeasures) {
      if (!someone && !group.some((c) => c.cell.events[m].value === null)) continue;
      if (group.some((c) => !c.cell.persons.suppressed && c.cell.events[m].withheld === 'secondary'))
        continue;
      // Children without events add nothing to what the subtraction gives; the smallest that do.
      const adding = group
        .filter((c) => c.cell.events[m].value !== null && c.exact.events[m] > 0)
        .sort((a, b) => order(a, b, (c) => c.exact.events[m]));
      if (adding.length === 0) continue;
      adding[0]!.cell.events[m] = { value: null, withheld: 'secondary' };
      changed = true;
    }
  }
  return changed;
}

export function withholdCell(cell: RegionalCell, reason: 'secondary' | 'differencing' = 'secondary'): void {
  cell.persons = suppressed(reason);
  for (const m of RegionalMeasures) cell.events[m] = { value: null, withheld: reason };
  cell.cost = null;
}
