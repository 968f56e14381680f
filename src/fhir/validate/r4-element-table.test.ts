import { describe, expect, it } from 'vitest';
import {
  deriveTable,
  type ElementDefinition,
  r4ElementTable,
  type StructureDefinition,
} from './r4-element-table.ts';

const sd = (
  id: string,
  kind: string,
  elements: ElementDefinition[],
  extra: Partial<StructureDefinition> = {},
): { resource: StructureDefinition } => ({
  resource: {
    resourceType: 'StructureDefinition',
    id,
    kind,
    abstract: false,
    snapshot: { element: elements },
    ...extra,
  },
});
const fhirString = (fhirType: string) => ({
  code: 'http://hl7.org/fhirpath/System.String',
  extension: [
    { url: 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type', valueUrl: fhirType },
  ],
});

describe('deriveTable', () => {
  it('keeps paths, types, cardinality and content references, and skips constraints', () => {
    const table = deriveTable([
      {
        entry: [
          sd('code', 'primitive-type', [
            { path: 'code' },
            {
              path: 'code.value',
              type: [
                {
                  code: 'http://hl7.org/fhirpath/System.String',
                  extension: [
                    { url: 'http://hl7.org/fhir/StructureDefinition/regex', valueString: '[^\\s]+' },
                  ],
                },
              ],
            },
          ]),
          sd('Thing', 'resource', [
            { path: 'Thing' },
            { path: 'Thing.id', min: 0, max: '1', type: [fhirString('string')] },
            { path: 'Thing.part', min: 1, max: '*', type: [{ code: 'BackboneElement' }] },
            { path: 'Thing.part.url', min: 0, max: '1', type: [fhirString('uri')] },
            { path: 'Thing.part.part', min: 0, max: '*', contentReference: '#Thing.part' },
          ]),
          sd('SimpleQuantity', 'complex-type', [{ path: 'Quantity' }], { derivation: 'constraint' }),
        ],
      },
    ]);
    expect(table.resourceTypes).toEqual(['Thing']);
    expect(table.primitives).toEqual({ code: { regex: '[^\\s]+' } });
    expect(table.types.Thing).toEqual([
      { path: 'Thing.id', types: ['id'], min: 0, max: 1 },
      { path: 'Thing.part', types: ['BackboneElement'], min: 1, max: Number.POSITIVE_INFINITY },
      { path: 'Thing.part.url', types: ['uri'], min: 0, max: 1 },
      {
        path: 'Thing.part.part',
        types: [],
        min: 0,
        max: Number.POSITIVE_INFINITY,
        contentReference: 'Thing.part',
      },
    ]);
    expect(table.types.SimpleQuantity).toBeUndefined();
  });

  it('derives all of R4 from the official definitions', () => {
    const table = r4ElementTable();
    expect(table.resourceTypes).toHaveLength(146);
    expect(table.resourceTypes).toContain('Patient');
    expect(table.resourceTypes).not.toContain('SubscriptionStatus');
    expect(table.types.Patient?.find((r) => r.path === 'Patient.birthDate')).toEqual({
      path: 'Patient.birthDate',
      types: ['date'],
      min: 0,
      max: 1,
    });
    expect(table.types.Observation?.find((r) => r.path === 'Observation.value[x]')?.types).toContain(
      'Quantity',
    );
  });
});
