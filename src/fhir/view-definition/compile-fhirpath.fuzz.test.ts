import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileView } from './compile-view.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { runView } from './run-view.ts';

/**
 * Random expressions of the compiled subset over random Patients: the compiled path (with its engine
 * fallbacks) must give the engine's result, or the same error.
 */
const path = fc.constantFrom(
  'id',
  'gender',
  'birthDate',
  'active',
  'name',
  'name.family',
  'name.given',
  'name.use',
  'telecom.value',
  'telecom.system',
  'address.city',
  'link.other',
  'extension',
  'deceased.ofType(boolean)',
  'deceased.ofType(dateTime)',
);
const suffix = fc.constantFrom(
  '',
  '.first()',
  '.last()',
  '.exists()',
  '.empty()',
  '.count()',
  "join(', ')",
  "where($this = 'a')",
  "where(use = 'official')",
  '[0]',
  '[1]',
  '.not()',
);
const simple = fc
  .tuple(path, suffix)
  .map(([p, s]) => (s.startsWith('.') || s.startsWith('[') || s === '' ? p + s : `${p}.${s}`));
const expression = fc.oneof(
  simple,
  fc
    .tuple(simple, fc.constantFrom('=', '!=', 'and', 'or', '|'), simple)
    .map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(simple, fc.constantFrom("'a'", "'official'", 'true', '1')).map(([a, b]) => `${a} = ${b}`),
  simple.map((s) => `(${s} | name.family).first()`),
  fc.constantFrom(
    'link.other.getReferenceKey(Patient)',
    'link.other.getReferenceKey()',
    'getResourceKey()',
    "extension('u').value.ofType(string)",
    'name.where(given.exists()).family',
    'name.given.substring(1, 2)',
  ),
);

const value = fc.constantFrom('a', 'b', 'official', '', 'x y');
const patient = fc.record(
  {
    resourceType: fc.constant('Patient'),
    id: fc.constantFrom('p1', 'p2'),
    gender: value,
    birthDate: fc.constantFrom('1950', '1950-03-01'),
    active: fc.boolean(),
    deceasedBoolean: fc.boolean(),
    deceasedDateTime: fc.constant('2020-01-01'),
    name: fc.array(
      fc.record(
        { use: value, family: value, given: fc.array(value, { maxLength: 2 }) },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    telecom: fc.array(fc.record({ system: value, value }, { requiredKeys: [] }), { maxLength: 2 }),
    address: fc.array(fc.record({ city: value }), { maxLength: 2 }),
    link: fc.array(
      fc.record({ other: fc.constantFrom({ reference: 'Patient/p1' }, { reference: 'Group/g' }, {}) }),
      {
        maxLength: 2,
      },
    ),
    extension: fc.array(fc.record({ url: fc.constantFrom('u', 'v'), valueString: value }), { maxLength: 2 }),
  },
  { requiredKeys: ['resourceType', 'id'] },
);

function outcome(fn: () => unknown): unknown {
  try {
    return { rows: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('compiled FHIRPath subset', () => {
  it('agrees with fhirpath.js on random expressions and patients', () => {
    fc.assert(
      fc.property(expression, patient, (expr, p) => {
        const view = parseViewDefinition({
          resource: 'Patient',
          select: [{ column: [{ name: 'v', path: expr, collection: true }] }],
        });
        const r = p as Record<string, unknown>;
        expect(outcome(() => compileView(view)(r))).toEqual(outcome(() => runView(view, [r])));
      }),
      { numRuns: 400 },
    );
  });
});
