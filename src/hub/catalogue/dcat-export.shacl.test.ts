import { describe, expect, it } from 'vitest';
import type { CatalogueDataset } from '../../api/catalogue-schemas.ts';
import { sharedData } from '../../test-support/shared-data.ts';
import { validateTurtle } from '../../test-support/validate-shacl.ts';
import { catalogueEntry } from './catalogue-service.ts';
import { catalogueTurtle, defaultCatalogueInfo } from './dcat-export.ts';

/**
 * The Turtle export of a realistic catalogue (three stations of the demo network, one organisation with
 * two datasets, one dataset with a creator of its own, one with too small counts and no coverage)
 * validated with Health-RI's own SHACL shapes, read in place from `../shared/data/external/health-ri-shacl`.
 */
const shapesFile = sharedData('health-ri-shacl/HRI-Datamodel-shapes.ttl');

const org = (domain: string) => ({
  identifier: domain,
  email: `info@${domain}`,
  homepage: `https://www.${domain}/`,
});

const datasets: CatalogueDataset[] = (
  [
    {
      id: 'ds_noord',
      stationId: 'stn_noord',
      stationName: 'ziekenhuis-noord',
      organisationId: 'org_noord',
      publisher: 'Ziekenhuis Noord',
      publishedAt: '2026-11-30T09:12:44.120Z',
      identifier: 'ziekenhuis-noord-fhir',
      title: 'Ziekenhuis Noord — patiëntgegevens (synthetisch)',
      description:
        'Gepseudonimiseerde FHIR R4-gegevens van Ziekenhuis Noord (Groningen). Synthetische demodata.',
      keywords: ['FHIR', 'synthetisch', 'Groningen', 'diabetes'],
      themes: ['HEAL'],
      contactPoint: { name: 'Ziekenhuis Noord', email: 'steward@ziekenhuis-noord.example' },
      publisherDetails: org('ziekenhuis-noord.example'),
      codingSystems: ['http://snomed.info/sct', 'http://loinc.org', 'http://www.whocc.no/atc'],
      profile: {
        numberOfRecords: 412_300,
        numberOfUniqueIndividuals: 3000,
        minTypicalAge: 0,
        maxTypicalAge: 100,
        temporalCoverage: { start: '2014-01-03', end: '2024-12-31' },
        resourceCounts: { Patient: 3000, Encounter: 57_000 },
        codes: [{ system: 'http://snomed.info/sct', code: '44054006', count: 400 }],
      },
    },
    {
      id: 'ds_midden',
      stationId: 'stn_midden',
      stationName: 'huisartsen-midden',
      organisationId: 'org_midden',
      publisher: 'Huisartsen Midden',
      publishedAt: '2026-11-30T09:13:02.004Z',
      identifier: 'huisartsen-midden-fhir',
      title: 'Huisartsen Midden — huisartsgegevens (synthetisch)',
      description: 'Line one\nline "two" with quotes',
      keywords: ['huisarts'],
      themes: ['HEAL', 'http://publications.europa.eu/resource/authority/data-theme/SOCI'],
      contactPoint: { name: 'Datadesk', email: 'data@huisartsen-midden.example' },
      publisherDetails: org('huisartsen-midden.example'),
      creator: { name: 'Regionale Huisartsenzorg', ...org('rhz.example') },
      codingSystems: [],
      profile: {
        numberOfRecords: 7,
        numberOfUniqueIndividuals: 3,
        temporalCoverage: { start: '2019', end: '2024-06' },
      },
    },
    {
      id: 'ds_midden_2',
      stationId: 'stn_midden_2',
      stationName: 'huisartsen-midden-2',
      organisationId: 'org_midden',
      publisher: 'Huisartsen Midden',
      publishedAt: '2026-11-30T09:14:00.000Z',
      identifier: 'huisartsen-midden-ggz',
      title: 'Huisartsen Midden — POH-GGZ',
      description: 'Second dataset of the same organisation, other details.',
      keywords: ['ggz'],
      themes: ['HEAL'],
      contactPoint: { name: 'GGZ desk', email: 'ggz@huisartsen-midden.example' },
      publisherDetails: { ...org('huisartsen-midden.example'), email: 'ggz@huisartsen-midden.example' },
      codingSystems: ['http://hl7.org/fhir/sid/icd-10'],
      profile: {},
    },
  ] satisfies Parameters<typeof catalogueEntry>[0][]
).map(catalogueEntry);

const validate = (ttl: string, drop?: (predicate: string) => boolean) =>
  validateTurtle(ttl, shapesFile as string, drop);

describe.skipIf(!shapesFile)("HealthDCAT-AP export against Health-RI's SHACL shapes", () => {
  it('conforms: zero violations for a realistic catalogue', async () => {
    const ttl = await catalogueTurtle(datasets, 'https://hub.ai4health.example/');
    const { conforms, violations } = await validate(ttl);
    expect(violations, violations.join('\n')).toEqual([]);
    expect(conforms).toBe(true);
  });

  it('conforms for an empty catalogue and with the catalogue described by the operator', async () => {
    const info = {
      ...defaultCatalogueInfo('https://hub.example'),
      contactPoint: { name: 'Loket', email: 'loket@hub.example' },
    };
    const { violations } = await validate(await catalogueTurtle([], 'https://hub.example', info));
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('reports each agent without a website when the websites are left out (the check can fail)', async () => {
    const ttl = await catalogueTurtle(datasets, 'https://hub.example');
    const { conforms, violations } = await validate(ttl, (p) => p === 'http://xmlns.com/foaf/0.1/homepage');
    expect(conforms).toBe(false);
    // The platform, three publishers, one creator and the three stations that vouch: each lacks foaf:homepage.
    expect(violations.filter((v) => /homepage: Less than 1 values/.test(v))).toHaveLength(8);
  });
});
