import { describe, expect, it } from 'vitest';
import { type CountCell, type ExactUse, noUse, parentKey, protectCountHierarchy } from './count-hierarchy.ts';

/** The rule until nothing changes, as the release runs it. */
const protect = (cells: CountCell[], hidden: ReadonlyMap<string, ExactUse> = new Map()) => {
  while (protectCountHierarchy(cells, hidden));
};

import type { RegionalCell } from './regional-picture-schemas.ts';

const use = (persons: number, ed = 0): ExactUse => ({
  ...noUse(),
  persons,
  events: { ...noUse().events, 'ed-visits': ed },
});

/** A cell of 75+ men in `area` (province Gelderland), released as counted unless `small`. */
function cell(area: string, u: ExactUse, threshold = 10): CountCell {
  const open = u.persons >= threshold;
  const events = (n: number) =>
    n > 0 && n < threshold ? { value: null, withheld: 'small' as const } : { value: n };
  const c: RegionalCell = {
    area,
    year: 2024,
    ageBand: '75+',
    sex: 'male',
    persons: open
      ? { value: u.persons, suppressed: false }
      : { value: null, suppressed: true, reason: 'small' },
    events: {
      'ed-visits': open ? events(u.events['ed-visits']) : { value: null, withheld: 'small' },
      'unplanned-admissions': open ? { value: 0 } : { value: null, withheld: 'small' },
      'gp-contacts': open ? { value: 0 } : { value: null, withheld: 'small' },
    },
    cost: open ? 100 * u.persons : null,
  };
  return { cell: c, parent: 'Gelderland', exact: u };
}

const key = parentKey('Gelderland', 2024, '75+', 'male');

describe('counts along the map', () => {
  it('withholds the smallest released child when a child is withheld as small', () => {
    const cells = [
      cell('Nijmegen', use(3)),
      cell('Arnhem', use(25)),
      cell('Ede', use(20)),
      cell('Zutphen', use(40)),
    ];
    protect(cells);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([true, false, true, false]);
    expect(cells[2]!.cell.persons.reason).toBe('secondary');
    expect(cells[2]!.cell.cost).toBeNull();
    expect(cells[2]!.cell.events['ed-visits']).toEqual({ value: null, withheld: 'secondary' });
  });

  it('withholds one released child whatever the small children hold: 9 withheld persons, 0 or 18 alike', () => {
    for (const [a, b] of [
      [0, 0],
      [9, 9],
      [4, 0],
    ] as const) {
      const cells = [
        cell('Nijmegen', use(a)),
        cell('Tiel', use(b)),
        cell('Arnhem', use(25)),
        cell('Ede', use(20)),
      ];
      protect(cells);
      expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([true, true, false, true]);
    }
  });

  it('counts the patients without a listed municipality as withheld: 4 of them are not read as a difference', () => {
    const cells = [cell('Arnhem', use(25)), cell('Ede', use(20))];
    protect(cells, new Map([[key, use(4)]]));
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([false, true]);
  });

  it('is content with a child withheld for the group of its own area (`secondary`, at least the threshold)', () => {
    const cells = [cell('Nijmegen', use(0)), cell('Arnhem', use(25)), cell('Ede', use(20))];
    cells[1]!.cell.persons = { value: null, suppressed: true, reason: 'secondary' };
    protect(cells);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([true, true, false]);
  });

  it('leaves a group with nothing withheld alone: one municipality holding all of its province', () => {
    const whole = [cell('Arnhem', use(25)), cell('Ede', use(20))];
    protect(whole);
    expect(whole.map((c) => c.cell.persons.suppressed)).toEqual([false, false]);
    const one = [cell('Ede', use(20))];
    protect(one);
    expect(one[0]!.cell.persons.suppressed).toBe(false);
  });

  it('withholds the smallest released event count above 0 when one is withheld, skipping children without events', () => {
    const cells = [
      cell('Arnhem', use(20, 2)),
      cell('Ede', use(20, 0)),
      cell('Tiel', use(20, 12)),
      cell('Zutphen', use(20, 30)),
    ];
    protect(cells);
    expect(cells.map((c) => c.cell.events['ed-visits'].value)).toEqual([null, 0, null, 30]);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([false, false, false, false]);
  });

  it('leaves cells without a parent area (provinces) alone', () => {
    const top = { ...cell('Gelderland', use(3)), parent: null };
    const other = { ...cell('Utrecht', use(30)), parent: null };
    protect([top, other]);
    expect(other.cell.persons.suppressed).toBe(false);
  });
});
