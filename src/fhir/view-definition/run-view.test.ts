import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.ts';
import { compileView } from './compile-view.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { runView } from './run-view.ts';

const patients = [
  {
    resourceType: 'Patient',
    id: 'p1',
    birthDate: '1950-03-14',
    name: [
      { use: 'official', family: 'Jansen', given: ['Anna', 'Maria'] },
      { use: 'maiden', family: 'Bakker' },
    ],
    telecom: [{ system: 'phone', value: '1' }],
  },
  { resourceType: 'Patient', id: 'p2' },
  { resourceType: 'Observation', id: 'o1' },
];

/** Both paths, which must agree; returns the engine's rows. */
function both(json: unknown): Record<string, unknown>[] {
  const view = parseViewDefinition(json);
  const rows = runView(view, patients);
  expect(patients.flatMap((p) => compileView(view)(p))).toEqual(rows);
  return rows;
}

describe('runView', () => {
  it('crosses forEach rows with the parent columns and keeps %rowIndex per iteration', () => {
    expect(
      both({
        resource: 'Patient',
        select: [
          { column: [{ name: 'id', path: 'id' }] },
          {
            forEach: 'name',
            column: [
              { name: 'i', path: '%rowIndex' },
              { name: 'family', path: 'family' },
              { name: 'given', path: 'given', collection: true },
            ],
          },
        ],
      }),
    ).toEqual([
      { id: 'p1', i: 0, family: 'Jansen', given: ['Anna', 'Maria'] },
      { id: 'p1', i: 1, family: 'Bakker', given: [] },
    ]);
  });

  it('gives a null row for forEachOrNull and concatenates unionAll branches', () => {
    expect(
      both({
        resource: 'Patient',
        select: [
          { column: [{ name: 'id', path: 'id' }] },
          {
            unionAll: [
              { forEach: 'telecom', column: [{ name: 'v', path: 'value' }] },
              { forEachOrNull: "name.where(use = 'official')", column: [{ name: 'v', path: 'family' }] },
            ],
          },
        ],
      }),
    ).toEqual([
      { id: 'p1', v: '1' },
      { id: 'p1', v: 'Jansen' },
      { id: 'p2', v: null },
    ]);
  });

  it('filters with where and compares typed constants as dates', () => {
    expect(
      both({
        resource: 'Patient',
        constant: [{ name: 'bd', valueDate: '1950-03-14' }],
        where: [{ path: 'birthDate = %bd' }],
        select: [{ column: [{ name: 'id', path: 'getResourceKey()' }] }],
      }),
    ).toEqual([{ id: 'p1' }]);
  });

  it('names the column when a non-collection column gets several values, and a non-boolean where', () => {
    const many = parseViewDefinition({
      resource: 'Patient',
      select: [{ column: [{ name: 'f', path: 'name.family' }] }],
    });
    for (const run of [
      () => runView(many, patients),
      () => compileView(many)(patients[0] as Record<string, unknown>),
    ]) {
      expect(run).toThrow(AppError);
      expect(run).toThrow('$.select[0].column[0].path');
    }
    const where = parseViewDefinition({
      resource: 'Patient',
      where: [{ path: 'name.family.first()' }],
      select: [{ column: [{ name: 'id', path: 'id' }] }],
    });
    expect(() => runView(where, patients)).toThrow('$.where[0].path');
  });

  it('never quotes patient data in errors (the engine does, so its messages are replaced)', () => {
    const view = parseViewDefinition({
      resource: 'Patient',
      select: [{ column: [{ name: 'x', path: 'name.family.not()' }] }],
    });
    const secret = {
      resourceType: 'Patient',
      id: 'p',
      name: [{ family: 'Geheim' }, { family: 'Verborgen' }],
    };
    for (const run of [() => runView(view, [secret]), () => compileView(view)(secret)]) {
      expect(run).toThrow('$.select[0].column[0].path');
      expect(run).not.toThrow(/Geheim|Verborgen/);
    }
  });
});
