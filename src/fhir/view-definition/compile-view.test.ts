import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledExpressions, compileView } from './compile-view.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { loadPlatformViews } from './platform-views.ts';
import { runView } from './run-view.ts';

const views = await loadPlatformViews();

/** Rows or the error message, so the two paths can be compared even when a resource breaks a rule. */
function outcome(fn: () => unknown): unknown {
  try {
    return { rows: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const SYSTEMS = [
  'http://snomed.info/sct',
  'http://loinc.org',
  'http://www.whocc.no/atc',
  'http://hl7.org/fhir/sid/icd-10',
  'https://ai4health.nl/fhir/CodeSystem/care-setting',
  'https://ai4health.nl/fhir/CodeSystem/virtual-care',
  'https://ai4health.nl/fhir/CodeSystem/ehds-purpose',
  'urn:oid:2.16.840.1.113883.2.4.4.7',
];
const code = fc.constantFrom('a', 'b', '44054006', '4548-4', 'gp', 'video', 'submitted', 'ai-training');
const coding = fc.record(
  { system: fc.constantFrom(...SYSTEMS), code, display: fc.string({ maxLength: 5 }) },
  { requiredKeys: [] },
);
const concept = fc.record(
  { coding: fc.array(coding, { maxLength: 3 }), text: fc.string({ maxLength: 4 }) },
  { requiredKeys: [] },
);
const date = fc.constantFrom(
  '1950',
  '1950-03',
  '1950-03-14',
  '2024-01-02T10:00:00+01:00',
  '2024-02-03T08:00:00Z',
);
const reference = fc
  .oneof(
    fc.constantFrom(
      'Patient/p1',
      'Encounter/e1',
      'Organization/o1',
      'urn:uuid:0000-1',
      'Patient/p1/_history/2',
      '#c1',
      'x',
    ),
    fc.constant(undefined),
  )
  .map((r) => (r === undefined ? { display: 'd' } : { reference: r }));
const period = fc.record({ start: date, end: date }, { requiredKeys: [] });
const quantity = fc.record(
  {
    value: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    unit: fc.string({ maxLength: 3 }),
    code: fc.constantFrom('%', 'mmol/L'),
  },
  { requiredKeys: [] },
);
const extension = fc.record({
  url: fc.constantFrom('https://ai4health.nl/fhir/StructureDefinition/deidentified-text', 'http://other'),
  valueString: fc.string({ maxLength: 6 }),
});
const address = fc.record(
  {
    use: fc.constantFrom('home', 'work'),
    postalCode: fc.constantFrom('3511 AB', '35', '1011'),
    city: fc.string({ maxLength: 4 }),
    state: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
);

/** Resources shaped like the generator's and like messy real exports: optional, repeated, odd values. */
const resource = fc.oneof(
  fc.record(
    {
      resourceType: fc.constant('Patient'),
      id: fc.constantFrom('p1', 'p2'),
      gender: fc.constantFrom('male', 'female', 'other', 'unknown'),
      birthDate: date,
      _birthDate: fc.constant({ extension: [{ url: 'http://absent', valueCode: 'masked' }] }),
      address: fc.array(address, { maxLength: 2 }),
      deceasedDateTime: date,
      deceasedBoolean: fc.boolean(),
    },
    { requiredKeys: ['resourceType', 'id'] },
  ),
  fc.record(
    {
      resourceType: fc.constant('Encounter'),
      id: fc.constant('e1'),
      class: coding,
      type: fc.array(concept, { maxLength: 3 }),
      priority: concept,
      subject: reference,
      period,
      serviceProvider: reference,
    },
    { requiredKeys: ['resourceType', 'id'] },
  ),
  fc.record(
    {
      resourceType: fc.constantFrom('Condition', 'Procedure', 'Observation'),
      id: fc.constant('c1'),
      code: concept,
      clinicalStatus: concept,
      subject: reference,
      encounter: reference,
      onsetDateTime: date,
      abatementDateTime: date,
      performedPeriod: period,
      performedDateTime: date,
      effectiveDateTime: date,
      effectivePeriod: period,
      valueQuantity: quantity,
      valueCodeableConcept: concept,
      status: fc.constantFrom('final', 'active'),
    },
    { requiredKeys: ['resourceType', 'id'] },
  ),
  fc.record(
    {
      resourceType: fc.constantFrom(
        'MedicationRequest',
        'Consent',
        'ExplanationOfBenefit',
        'DocumentReference',
      ),
      id: fc.constant('x1'),
      medicationCodeableConcept: concept,
      subject: reference,
      patient: reference,
      encounter: reference,
      authoredOn: date,
      status: fc.constantFrom('active', 'completed'),
      dateTime: date,
      provision: fc.record(
        { type: fc.constantFrom('deny', 'permit'), purpose: fc.array(coding, { maxLength: 2 }) },
        { requiredKeys: [] },
      ),
      billablePeriod: period,
      item: fc.array(fc.record({ encounter: fc.array(reference, { maxLength: 2 }) }), { maxLength: 2 }),
      total: fc.array(
        fc.record({
          category: concept,
          amount: fc.record({ value: fc.integer(), currency: fc.constant('EUR') }),
        }),
        { maxLength: 2 },
      ),
      date,
      type: concept,
      context: fc.record({ encounter: fc.array(reference, { maxLength: 2 }) }),
      content: fc.array(
        fc.record({ attachment: fc.record({ extension: fc.array(extension, { maxLength: 2 }) }) }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['resourceType', 'id'] },
  ),
);

describe('compileView', () => {
  it('gives exactly the rows (or the error) of the engine on generated resources, for every platform view', () => {
    fc.assert(
      fc.property(resource, (r) => {
        for (const v of views) {
          const compiled = outcome(() => v.compiled(r as Record<string, unknown>));
          const engine = outcome(() => runView(v.view, [r as Record<string, unknown>]));
          expect(compiled).toEqual(engine);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('escapes to the engine mid-expression when data breaks a compiled assumption', () => {
    const view = parseViewDefinition({
      resource: 'Patient',
      select: [{ column: [{ name: 'active', path: 'name.where(family).exists()', type: 'boolean' }] }],
    });
    expect(compiledExpressions(view)).toEqual({ '$.select[0].column[0].path': true });
    // where() on a string condition: the engine decides what that means (here: an error), not the compiled path.
    const patient = { resourceType: 'Patient', id: 'p', name: [{ family: 'X' }] };
    expect(outcome(() => compileView(view)(patient))).toEqual(outcome(() => runView(view, [patient])));
  });

  it('leaves expressions outside the subset to the engine, and whole views with repeat', () => {
    const view = parseViewDefinition({
      resource: 'Observation',
      select: [
        {
          column: [
            { name: 'id', path: 'id' },
            { name: 'high', path: 'value.ofType(Quantity).value + 1' },
          ],
        },
      ],
    });
    expect(compiledExpressions(view)).toEqual({
      '$.select[0].column[0].path': true,
      '$.select[0].column[1].path': false,
    });
    const obs = { resourceType: 'Observation', id: 'o', valueQuantity: { value: 2 } };
    expect(compileView(view)(obs)).toEqual([{ id: 'o', high: 3 }]);
  });

  it('never hands out the arrays of the input: a collection value can change without changing the resource', () => {
    const view = parseViewDefinition({
      resource: 'Patient',
      select: [
        {
          column: [
            { name: 'given', path: 'name.given', collection: true },
            { name: 'first_given', path: 'name.first().given', collection: true },
            { name: 'flag', path: "'x'", collection: true },
          ],
        },
      ],
    });
    expect(Object.values(compiledExpressions(view)).every(Boolean)).toBe(true);
    const patient = { resourceType: 'Patient', id: 'p', name: [{ given: ['Anna', 'Maria'] }] };
    const [row] = compileView(view)(patient) as { given: string[]; first_given: string[]; flag: string[] }[];
    expect(row).toEqual({ given: ['Anna', 'Maria'], first_given: ['Anna', 'Maria'], flag: ['x'] });
    expect(row!.given).not.toBe(patient.name[0]!.given);
    expect(row!.first_given).not.toBe(patient.name[0]!.given);
    row!.given.push('Z');
    row!.first_given.pop();
    expect(patient.name[0]!.given).toEqual(['Anna', 'Maria']);
    // A fixed value is shared between rows, so it is frozen: a change throws instead of reaching other rows.
    expect(() => row!.flag.push('y')).toThrow(TypeError);
    expect((compileView(view)(patient)[0] as { flag: string[] }).flag).toEqual(['x']);
  });
});
