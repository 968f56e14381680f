import { describe, expect, it } from 'vitest';
import type { StationProfile } from '../profile/profile-station.ts';
import { datasetMetadata } from './dataset-metadata.ts';

const profile: StationProfile = {
  asOf: '2025-01-01',
  threshold: 10,
  dataVersion: 'v1',
  patients: 500,
  resources: { Patient: 500, Condition: 900, Location: '<10' },
  tables: { patient: 500, condition: 900 },
  ageSex: [{ ageBand: '45-64', sex: 'female', count: 40 }],
  topCodes: [
    { table: 'condition', system: 'http://snomed.info/sct', code: '44054006', count: 120 },
    { table: 'condition', system: 'http://hl7.org/fhir/sid/icd-10', code: 'E11.9', count: 80 },
    { table: 'medication', system: 'http://www.whocc.no/atc', code: 'A10BA02', count: 60 },
  ],
  dateRanges: [],
  completeness: [],
};

describe('datasetMetadata', () => {
  it('lists the ICD-10 codes and the ICD-10 system beside SNOMED CT and ATC', () => {
    const meta = datasetMetadata(
      {
        identifier: 'x-fhir',
        title: 'X',
        description: 'Y',
        keywords: ['FHIR'],
        contactPoint: { name: 'Desk', email: 'desk@x.example' },
        publisherDetails: {
          identifier: 'x.example',
          email: 'info@x.example',
          homepage: 'https://www.x.example/',
        },
      },
      profile,
    );
    expect(meta.codingSystems).toEqual([
      'http://snomed.info/sct',
      'http://hl7.org/fhir/sid/icd-10',
      'http://www.whocc.no/atc',
    ]);
    expect(meta.profile?.codes?.map((c) => c.code)).toEqual(['44054006', 'E11.9', 'A10BA02']);
    // A count the station withheld is not published.
    expect(meta.profile?.resourceCounts).toEqual({ Patient: 500, Condition: 900 });
  });
});
