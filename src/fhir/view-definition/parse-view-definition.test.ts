import { describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { viewColumns } from './view-columns.ts';

/** The `where` of the AppError a bad view raises. */
function errorAt(json: unknown): string | undefined {
  try {
    parseViewDefinition(json);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('badInput');
    return (e as AppError).where;
  }
  throw new Error('expected an error');
}

const col = (name: string, path = 'id') => ({ name, path });

describe('parseViewDefinition', () => {
  it('names the JSON path of what is wrong', () => {
    expect(errorAt(null)).toBe('$');
    expect(errorAt({ select: [{ column: [col('id')] }] })).toBe('$.resource');
    expect(errorAt({ resource: 'Patient' })).toBe('$.select');
    expect(errorAt({ resource: 'Patient', select: [{ forEach: 1, column: [col('a')] }] })).toBe(
      '$.select[0].forEach',
    );
    expect(errorAt({ resource: 'Patient', select: [{ column: [col('a', 'name.@@')] }] })).toBe(
      '$.select[0].column[0].path',
    );
    expect(errorAt({ resource: 'Patient', select: [{ column: [{ name: 'a b', path: 'id' }] }] })).toBe(
      '$.select[0].column[0].name',
    );
    expect(errorAt({ resource: 'Patient', select: [{ column: [{ ...col('a'), collection: 'yes' }] }] })).toBe(
      '$.select[0].column[0].collection',
    );
    expect(errorAt({ resource: 'Patient', select: [{ column: [col('a', '%nope')] }] })).toBe(
      '$.select[0].column[0].path',
    );
    expect(
      errorAt({ resource: 'Patient', constant: [{ name: 'x' }], select: [{ column: [col('a')] }] }),
    ).toBe('$.constant[0]');
    expect(errorAt({ resource: 'Patient', where: [{ path: 3 }], select: [{ column: [col('a')] }] })).toBe(
      '$.where[0].path',
    );
    expect(
      errorAt({
        resource: 'Patient',
        select: [{ forEach: 'name', forEachOrNull: 'name', column: [col('a')] }],
      }),
    ).toBe('$.select[0]');
  });

  it('rejects duplicate column names and unionAll branches with other columns', () => {
    expect(errorAt({ resource: 'Patient', select: [{ column: [col('a')] }, { column: [col('a')] }] })).toBe(
      '$.select',
    );
    expect(
      errorAt({
        resource: 'Patient',
        select: [{ unionAll: [{ column: [col('a'), col('b')] }, { column: [col('b'), col('a')] }] }],
      }),
    ).toBe('$.select[0].unionAll[1]');
  });

  it('keeps constants with their FHIR type and columns in spec order', () => {
    const view = parseViewDefinition({
      resource: 'Patient',
      constant: [{ name: 'bd', valueDate: '1950-03-01' }],
      select: [
        {
          column: [{ ...col('a'), type: 'id' }],
          unionAll: [{ column: [col('u')] }, { column: [col('u')] }],
          select: [{ column: [col('s')] }],
        },
        { forEach: 'name', column: [{ name: 'g', path: 'given', collection: true }] },
      ],
    });
    expect(view.constants.bd).toEqual({ name: 'bd', type: 'date', value: '1950-03-01' });
    expect(viewColumns(view)).toEqual([
      { name: 'a', type: 'id', collection: false },
      { name: 's', collection: false },
      { name: 'u', collection: false },
      { name: 'g', collection: true },
    ]);
  });
});
