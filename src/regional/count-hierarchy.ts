import { suppressed } from '../privacy/disclosure/disclosure-policy.ts';
import { type RegionalCell, RegionalMeasures } from './regional-picture-schemas.ts';

type Measure = (typeof RegionalMeasures)[number];

/** What a cell (or the patients of a parent area with no lower-level area) holds, exact. */
export interface ExactUse {
  persons: number;
  events: Record<Measure, number>;
}

/** One released cell with the area it lies in and its exact counts. */
export interface CountCell {
  cell: RegionalCell;
  parent: string | null;
  exact: ExactUse;
}

export const noUse = (): ExactUse => ({
  persons: 0,
  events: { 'ed-visits': 0, 'unplanned-admissions': 0, 'gp-contacts': 0 },
});

/** Key of the cells that add up to one cell of the parent area: parent, year, age band, sex. */
export const parentKey = (parent: string, year: number | string, ageBand: string, sex: string) =>
  `${parent}\u0000${year}\u0000${ageBand}\u0000${sex}`;

/**
 * Secondary suppression for counts along the map. A province's cell (same year, age band, sex) is the
 * sum of its municipalities' cells plus the patients with no known municipality, a municipality's that of
 * its postcode areas, and a run at the parent level releases it: the parent's count minus the released
 * children's is the count of the children withheld plus those patients (`hidden`). The release ledger
 * catches that difference only while it involves at most two earlier sets; this does not depend on how
 * many children there are or which run came first.
 *
 * - Persons: when anything of a group is withheld (a small or empty child, or hidden patients) and the
 *   persons that subtraction gives are fewer than the threshold, more children are withheld, the
 *   smallest first, until they are not (or every child is withheld): 0 and 1..threshold−1 look alike, as
 *   within an area (`releasePartition`). A child withheld here loses its events and cost too.
 * - Events (ED visits, admissions, GP contacts): when the events that subtraction gives are 1..threshold−1,
 *   more children's event counts are withheld, the smallest first, until they are not.
 *
 * Withholding only adds to what the subtraction gives, so the cells within an area (already protected
 * by `releasePartition`) stay protected. Cells are changed in place.
 */
export function protectCountHierarchy(
  cells: readonly CountCell[],
  hidden: ReadonlyMap<string, ExactUse>,
  threshold: number,
): void {
  const groups = new Map<string, CountCell[]>();
  for (const c of cells) {
    if (c.parent === null) continue;
    const k = parentKey(c.parent, c.cell.year, c.cell.ageBand, c.cell.sex);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  for (const [k, group] of groups) {
    const off = hidden.get(k) ?? noUse();
    let persons = off.persons;
    let anyWithheld = off.persons > 0;
    for (const c of group)
      if (c.cell.persons.suppressed) {
        persons += c.exact.persons;
        anyWithheld = true;
      }
    const open = group
      .filter((c) => !c.cell.persons.suppressed)
      .sort((a, b) => a.exact.persons - b.exact.persons || a.cell.area.localeCompare(b.cell.area));
    while (anyWithheld && persons < threshold && open.length > 0) {
      const next = open.shift()!;
      withholdCell(next.cell);
      persons += next.exact.persons;
    }
    for (const m of RegionalMeasures) {
      let events = off.events[m];
      for (const c of group) if (c.cell.events[m].value === null) events += c.exact.events[m];
      const released = group
        .filter((c) => c.cell.events[m].value !== null)
        .sort((a, b) => a.exact.events[m] - b.exact.events[m] || a.cell.area.localeCompare(b.cell.area));
      // Children without events add nothing to what the subtraction gives; the smallest that do, first.
      const adding = released.filter((c) => c.exact.events[m] > 0);
      while (events > 0 && events < threshold && adding.length > 0) {
        const next = adding.shift()!;
        next.cell.events[m] = { value: null, withheld: 'secondary' };
        events += next.exact.events[m];
      }
    }
  }
}

function withholdCell(cell: RegionalCell): void {
  cell.persons = suppressed('secondary');
  for (const m of RegionalMeasures) cell.events[m] = { value: null, withheld: 'secondary' };
  cell.cost = null;
}
