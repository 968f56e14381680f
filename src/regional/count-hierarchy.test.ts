import { describe, expect, it } from 'vitest';
import { type CountCell, type ExactUse, noUse, parentKey, protectCountHierarchy } from './count-hierarchy.ts';
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
  it('withholds the smallest released child while the parent minus the released children is 1..threshold−1 persons', () => {
    const cells = [
      cell('Nijmegen', use(3)),
      cell('Arnhem', use(25)),
      cell('Ede', use(20)),
      cell('Zutphen', use(40)),
    ];
    protectCountHierarchy(cells, new Map(), 10);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([true, false, true, false]);
    expect(cells[2]!.cell.persons.reason).toBe('secondary');
    expect(cells[2]!.cell.cost).toBeNull();
    expect(cells[2]!.cell.events['ed-visits']).toEqual({ value: null, withheld: 'secondary' });
  });

  it('counts the patients without a known municipality as withheld: 4 of them are not read as a difference', () => {
    const cells = [cell('Arnhem', use(25)), cell('Ede', use(20))];
    protectCountHierarchy(cells, new Map([[key, use(4)]]), 10);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([false, true]);
  });

  it('treats an empty withheld child like a small one, and leaves a group with nothing withheld alone', () => {
    const empty = [cell('Nijmegen', use(0)), cell('Arnhem', use(25)), cell('Ede', use(20))];
    protectCountHierarchy(empty, new Map(), 10);
    expect(empty.map((c) => c.cell.persons.suppressed)).toEqual([true, false, true]);
    const whole = [cell('Arnhem', use(25)), cell('Ede', use(20))];
    protectCountHierarchy(whole, new Map(), 10);
    expect(whole.map((c) => c.cell.persons.suppressed)).toEqual([false, false]);
  });

  it('withholds event counts until what the subtraction gives is 0 or at least the threshold, skipping children without events', () => {
    const cells = [
      cell('Arnhem', use(20, 2)),
      cell('Ede', use(20, 0)),
      cell('Tiel', use(20, 12)),
      cell('Zutphen', use(20, 30)),
    ];
    protectCountHierarchy(cells, new Map(), 10);
    expect(cells.map((c) => c.cell.events['ed-visits'].value)).toEqual([null, 0, null, 30]);
    expect(cells.map((c) => c.cell.persons.suppressed)).toEqual([false, false, false, false]);
  });

  it('leaves cells without a parent area (provinces) alone', () => {
    const top = { ...cell('Gelderland', use(3)), parent: null };
    const other = { ...cell('Utrecht', use(30)), parent: null };
    protectCountHierarchy([top, other], new Map(), 10);
    expect(other.cell.persons.suppressed).toBe(false);
  });
});
