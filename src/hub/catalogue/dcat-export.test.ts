import fc from 'fast-check';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import type { CatalogueDataset } from '../../api/catalogue-schemas.ts';
import { catalogueEntry } from './catalogue-service.ts';
import { CUSTODIAN, catalogueJsonLd, catalogueTurtle, coverageDateTime, EHDS_ELI } from './dcat-export.ts';

const dataset = (profile: CatalogueDataset['profile']): CatalogueDataset =>
  catalogueEntry({
    id: 'ds_1',
    stationId: 'stn_1',
    stationName: 'Noord',
    organisationId: 'org_1',
    publisher: 'Ziekenhuis Noord',
    publishedAt: '2026-01-01T00:00:00.000Z',
    identifier: 'ehr',
    title: 'EHR "extract" with quotes',
    description: 'Line one\nline two',
    keywords: ['diabetes'],
    themes: ['HEAL'],
    contactPoint: { name: 'Desk', email: 'desk@noord.example' },
    publisherDetails: {
      identifier: 'ziekenhuis-noord.example',
      email: 'info@ziekenhuis-noord.example',
      homepage: 'https://www.ziekenhuis-noord.example/',
    },
    codingSystems: ['http://snomed.info/sct'],
    profile,
  });

const HEALTH = 'http://healthdataportal.eu/ns/health#';

describe('HealthDCAT-AP export', () => {
  it('never shows a count below 10, and always shows counts of 10 or more', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(100_000), fc.nat(100_000), async (records, individuals) => {
        const doc = catalogueJsonLd(
          [dataset({ numberOfRecords: records, numberOfUniqueIndividuals: individuals })],
          'https://hub.example',
        );
        const [node] = (
          (await jsonld.expand(doc as jsonld.JsonLdDocument)) as Record<string, unknown>[]
        ).filter((n) => (n['@type'] as string[]).includes('http://www.w3.org/ns/dcat#Dataset'));
        const value = (p: string) => {
          const v = (node![HEALTH + p] as { '@value': unknown }[] | undefined)?.[0]?.['@value'];
          return v === undefined ? undefined : Number(v);
        };
        expect(value('numberOfRecords')).toBe(records >= 10 ? records : undefined);
        expect(value('numberOfUniqueIndividuals')).toBe(individuals >= 10 ? individuals : undefined);
      }),
      { numRuns: 30 },
    );
  });

  it('writes Turtle with the prefixes and the EHDS legislation, escaping literals', async () => {
    const ttl = await catalogueTurtle([dataset({ numberOfRecords: 500 })], 'https://hub.example/');
    expect(ttl).toContain('@prefix healthdcatap: <http://healthdataportal.eu/ns/health#>');
    expect(ttl).toContain(`<${EHDS_ELI}>`);
    expect(ttl).toContain('<https://hub.example/api/catalogue/datasets/ds_1>');
    expect(ttl).toContain('\\"extract\\"');
  });

  it('identifies a dataset by its station and names the station that vouches for it as custodian', async () => {
    const ttl = await catalogueTurtle([dataset({})], 'https://hub.example');
    expect(ttl).toContain('dct:identifier "stn_1/ehr"');
    expect(ttl).toContain(
      'prov:qualifiedAttribution <https://hub.example/api/catalogue/datasets/ds_1#vouched-by>',
    );
    expect(ttl).toContain(`dcat:hadRole <${CUSTODIAN}>`);
    expect(ttl).toContain('datasets/ds_1#station> dct:identifier "stn_1"');
    expect(ttl).toContain('foaf:name "Noord"');
  });

  it('gives coverage bounds as date-times with a zone: the first or last moment of a date, month or year', () => {
    expect(coverageDateTime('2015-03-04', 'start')).toBe('2015-03-04T00:00:00Z');
    expect(coverageDateTime('2024-02', 'end')).toBe('2024-02-29T23:59:59Z');
    expect(coverageDateTime('2023', 'end')).toBe('2023-12-31T23:59:59Z');
    expect(coverageDateTime('2023', 'start')).toBe('2023-01-01T00:00:00Z');
    expect(coverageDateTime('2020-01-01T10:00:00+01:00', 'end')).toBe('2020-01-01T10:00:00+01:00');
    expect(coverageDateTime('2023-02-30', 'end')).toBeUndefined();
    expect(coverageDateTime('2020-01-01T10:00:00', 'start')).toBeUndefined();
  });
});
