import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test-support/shared-data.ts';
import { readFhirFiles } from '../read-fhir-files.ts';
import {
  inspectResource,
  isR4ResourceType,
  isUnknownResourceTypeIssue,
  referencesOf,
  validateResource,
} from './validate-resource.ts';

const patient = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Patient', id: 'p1', ...extra });
const observation = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
  ...extra,
});

describe('validateResource', () => {
  it('accepts a valid resource', () => {
    expect(
      validateResource(
        patient({
          meta: {
            lastUpdated: '2024-01-02T03:04:05.123Z',
            profile: ['http://example.org/StructureDefinition/x'],
          },
          active: true,
          name: [{ use: 'official', family: 'Jansen', given: ['Anna', 'Maria'] }],
          gender: 'female',
          birthDate: '1950-03',
          multipleBirthInteger: 2,
          address: [{ city: 'Utrecht', postalCode: '3511 AB', state: 'Utrecht' }],
          managingOrganization: { reference: 'Organization/o1' },
        }),
      ),
    ).toEqual([]);
  });

  it('gives one recognisable issue for an unknown or abstract resourceType', () => {
    for (const type of ['Patiënt', 'Foo', 'DomainResource', 'Resource']) {
      const issues = validateResource({ resourceType: type, id: 'x' });
      expect(issues).toHaveLength(1);
      expect(isUnknownResourceTypeIssue(issues[0] ?? '')).toBe(true);
    }
    expect(validateResource({ id: 'x' })).toEqual(['resourceType: missing']);
    expect(isUnknownResourceTypeIssue('resourceType: missing')).toBe(false);
    expect(isR4ResourceType('MedicationRequest')).toBe(true);
    expect(isR4ResourceType('DomainResource')).toBe(false);
  });

  it('checks dates, dateTimes and instants, partial dates and time zones included', () => {
    const valid = ['1950', '1950-03', '1950-03-31', '2024-02-29'];
    const invalid = [
      '1950-13',
      '1950-02-30',
      '2023-02-29',
      '1950-3-1',
      '19500301',
      '1950-03-01T10:00:00Z',
      '',
    ];
    for (const birthDate of valid) expect(validateResource(patient({ birthDate })), birthDate).toEqual([]);
    for (const birthDate of invalid)
      expect(validateResource(patient({ birthDate })), birthDate).toHaveLength(1);
    expect(validateResource(patient({ birthDate: '1950-02-30' }))).toEqual([
      'Patient.birthDate: not a valid date (no such day)',
    ]);
    const at = (effectiveDateTime: string) => validateResource(observation({ effectiveDateTime }));
    for (const ok of ['2020', '2020-01-01', '2020-01-01T10:00:00+01:00', '2020-01-01T10:00:00.5Z'])
      expect(at(ok)).toEqual([]);
    for (const bad of [
      '2020-01-01T10:00:00',
      '2020-01-01T25:00:00Z',
      '2020-01-01T10:00Z',
      '2020-01-01 10:00:00Z',
    ])
      expect(at(bad), bad).toEqual(['Observation.effectiveDateTime: not a valid dateTime']);
    expect(validateResource(observation({ issued: '2020-01-01' }))).toEqual([
      'Observation.issued: not a valid instant',
    ]);
  });

  it('reports missing required elements, also of choice elements and inside backbones', () => {
    expect(validateResource({ resourceType: 'Observation' })).toEqual([
      'Observation.status: missing required element',
      'Observation.code: missing required element',
    ]);
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/1' },
    };
    expect(validateResource(request)).toEqual(['MedicationRequest.medication[x]: missing required element']);
    expect(validateResource(patient({ link: [{ type: 'seealso' }] }))).toEqual([
      'Patient.link[0].other: missing required element',
    ]);
    // a primitive known only by its extension is present
    const { status: _, ...withoutStatus } = request;
    expect(
      validateResource({
        ...withoutStatus,
        medicationCodeableConcept: { text: 'x' },
        _status: { extension: [{ url: 'http://example.org/why', valueString: 'unknown' }] },
      }),
    ).toEqual([]);
  });

  it('reports primitives of the wrong JSON type or format', () => {
    expect(validateResource(patient({ active: 'yes' }))).toEqual([
      'Patient.active: a JSON string, expected a boolean',
    ]);
    expect(validateResource(patient({ multipleBirthInteger: 1.5 }))).toEqual([
      'Patient.multipleBirthInteger: not a whole number (integer)',
    ]);
    expect(validateResource(patient({ multipleBirthInteger: 2 ** 31 }))).toEqual([
      'Patient.multipleBirthInteger: out of range for integer',
    ]);
    expect(validateResource(observation({ valueQuantity: { value: '5.4', unit: 'mmol/L' } }))).toEqual([
      'Observation.valueQuantity.value: a JSON string, expected a JSON number (decimal)',
    ]);
    expect(validateResource(patient({ gender: ' female' }))).toEqual(['Patient.gender: not a valid code']);
    expect(validateResource(patient({ id: 'a_b' }))).toEqual(['Patient.id: not a valid id']);
    expect(validateResource(patient({ id: 'a'.repeat(65) }))).toEqual(['Patient.id: not a valid id']);
    expect(validateResource(patient({ implicitRules: 'http://x y' }))).toEqual([
      'Patient.implicitRules: not a valid uri',
    ]);
    expect(validateResource(patient({ name: [{ family: '' }] }))).toEqual([
      'Patient.name[0].family: empty string is not a valid string',
    ]);
    const photo = (data: string) =>
      validateResource(patient({ photo: [{ contentType: 'image/png', data }] }));
    expect(photo('YWJj\nZA==')).toEqual([]);
    expect(photo('YWJjZ')).toEqual([
      'Patient.photo[0].data: not valid base64 (length is not a multiple of 4)',
    ]);
    expect(photo('YW*j')).toEqual([
      'Patient.photo[0].data: not valid base64 (character outside the base64 alphabet)',
    ]);
  });

  it('accepts a no-break space and a single inner space where XML Schema regexes allow them', () => {
    expect(validateResource(patient({ name: [{ text: 'Anna\u00a0Jansen' }], gender: 'female' }))).toEqual([]);
    expect(validateResource(observation({ status: 'entered in error' }))).toEqual([]);
    expect(validateResource(observation({ status: 'entered  in' }))).toEqual([
      'Observation.status: not a valid code',
    ]);
  });

  it('reports single values given as arrays and arrays given as single values', () => {
    expect(validateResource(patient({ name: { family: 'Jansen' }, gender: ['female'] }))).toEqual([
      'Patient.name: must be an array',
      'Patient.gender: must be a single value, not an array',
    ]);
    expect(validateResource(patient({ name: [] }))).toEqual([
      'Patient.name: empty array; leave the element out instead',
    ]);
    expect(validateResource(patient({ name: ['Jansen'] }))).toEqual([
      'Patient.name[0]: a JSON string, expected an object',
    ]);
    expect(validateResource(patient({ contact: [{}] }))).toEqual([
      'Patient.contact[0]: empty object; FHIR JSON objects must have content',
    ]);
  });

  it('checks choice elements: known types only, and one type at most', () => {
    expect(validateResource(observation({ valueString: 'x', valueQuantity: { value: 1 } }))).toEqual([
      'Observation.value[x]: more than one type given for a choice element',
    ]);
    expect(validateResource(observation({ valueAddress: { city: 'x' } }))).toEqual([
      'Observation.valueAddress: unknown element',
    ]);
    expect(validateResource(observation({ value: 5 }))).toEqual(['Observation.value: unknown element']);
    expect(validateResource(observation({ valueBoolean: true, effectivePeriod: { start: '2020' } }))).toEqual(
      [],
    );
  });

  it('checks the format of references', () => {
    const ref = (reference: string) => validateResource(observation({ subject: { reference } }));
    for (const ok of [
      'Patient/123',
      'Patient/123/_history/2',
      'https://fhir.example.org/r4/Patient/123',
      'urn:uuid:8da884f0-080a-4417-ba44-24fb6bde0851',
      'urn:oid:2.16.840.1.113883',
      '#p1',
      'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999',
    ])
      expect(ref(ok), ok).toEqual([]);
    expect(ref('Patient 123')).toEqual([
      'Observation.subject.reference: reference is not Type/id, an absolute URL, urn:uuid:, urn:oid: or #id',
    ]);
    expect(ref('Patiënt/1')).toHaveLength(1);
    expect(ref('Foo/1')).toEqual(['Observation.subject.reference: reference names an unknown resource type']);
    expect(ref('urn:uuid:1234')).toEqual([
      'Observation.subject.reference: urn:uuid: reference is not a UUID',
    ]);
    expect(ref('Patient/a_b')).toHaveLength(1);
  });

  it('reports unknown elements, and validates primitive twins (_name)', () => {
    expect(validateResource(patient({ foo: 1, name: [{ family: 'J', nickname: 'x' }] }))).toEqual([
      'Patient.foo: unknown element',
      'Patient.name[0].nickname: unknown element',
    ]);
    const ext = {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' },
      ],
    };
    expect(validateResource(patient({ _birthDate: ext }))).toEqual([]);
    expect(validateResource(patient({ name: [{ given: ['A', null], _given: [null, ext] }] }))).toEqual([]);
    expect(validateResource(patient({ name: [{ given: ['A', null] }] }))).toEqual([
      'Patient.name[0].given[1]: null, expected a string (string)',
    ]);
    expect(validateResource(patient({ _birthDate: { extension: [{ valueCode: 'x' }] } }))).toEqual([
      'Patient._birthDate.extension[0].url: missing required element',
    ]);
    expect(validateResource(patient({ _foo: ext }))).toEqual(['Patient._foo: unknown element']);
  });

  it('validates contained resources and Bundle entries with their path', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:8da884f0-080a-4417-ba44-24fb6bde0851',
          resource: patient({ birthDate: '1950-02-30' }),
        },
        { resource: { resourceType: 'Foo' } },
        { resource: observation({ contained: [{ resourceType: 'Patient', id: 'c', gender: 1 }] }) },
      ],
    };
    expect(validateResource(bundle)).toEqual([
      'Bundle.entry[0].resource.birthDate: not a valid date (no such day)',
      'Bundle.entry[1].resource.resourceType: unknown FHIR R4 resource type',
      'Bundle.entry[2].resource.contained[0].gender: a JSON number, expected a string (code)',
    ]);
  });

  it('reports hostile nesting as an issue instead of overflowing the stack', () => {
    let extension: Record<string, unknown> = { url: 'http://example.org/x', valueString: 'leaf' };
    for (let i = 0; i < 100_000; i++) extension = { url: 'http://example.org/x', extension: [extension] };
    const deep = patient({ extension: [extension] });
    const issues = validateResource(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^Patient\.extension\[0\](\.extension\[0\])+: nested more than 64 levels deep/);
    expect(referencesOf(deep)).toEqual([]);
  });

  it('never puts values from the resource in an issue (property)', () => {
    const secret = fc.string({ minLength: 4, maxLength: 20 }).filter((s) => /[A-Za-z]{4}/.test(s));
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom('birthDate', 'gender', 'id', 'active', 'implicitRules'),
        (value, key) => {
          const wrapped = patient({ [key]: `${value} x`, managingOrganization: { reference: `${value} y` } });
          for (const issue of validateResource(wrapped)) expect(issue).not.toContain(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('referencesOf', () => {
  it('collects Reference.reference strings, nested and contained, and nothing else', () => {
    const resource = observation({
      subject: { reference: 'Patient/1' },
      performer: [{ reference: 'Practitioner/2' }, { display: 'no reference' }],
      contained: [
        { resourceType: 'Procedure', id: 'p', status: 'done', subject: { reference: 'Patient/3' } },
      ],
      component: [{ code: { text: 'x' }, valueQuantity: { value: 1 } }],
      extension: [
        { url: 'http://example.org/x', valueReference: { reference: '#p' } },
        {
          url: 'http://example.org/y',
          valueExpression: { language: 'text/fhirpath', reference: 'http://e.org/q' },
        },
      ],
    });
    expect(referencesOf(resource)).toEqual(['Patient/1', 'Practitioner/2', 'Patient/3', '#p']);
    const inspection = inspectResource(resource);
    expect(inspection.issues).toEqual([]);
    expect(new Set(inspection.references)).toEqual(new Set(referencesOf(resource)));
    expect(referencesOf({ resourceType: 'Foo', subject: { reference: 'Patient/1' } })).toEqual([]);
  });
});

describe('the Synthea samples', () => {
  for (const folder of ['smart-sample-bulk-fhir-datasets', 'smart-generated-sample-data-r4-synthea']) {
    const path = sharedData(folder);
    it.skipIf(!path)(
      `${folder} validates with zero issues`,
      async () => {
        const issues: string[] = [];
        let resources = 0;
        for await (const item of readFhirFiles([path!])) {
          // the bulk-export log next to the data is no FHIR
          if (!item.resource || item.where.includes('log.ndjson')) continue;
          resources++;
          for (const issue of validateResource(item.resource)) issues.push(`${item.where} ${issue}`);
        }
        expect(issues.slice(0, 20)).toEqual([]);
        expect(resources).toBeGreaterThan(1000);
      },
      60_000,
    );
  }
});
