import { describe, expect, it } from 'vitest';
import {
  type CatalogueDataset,
  catalogueEntry,
  catalogueTurtle,
  DatasetPublishSchema,
} from '../hub/index.ts';
import type { StationProfile } from '../station/index.ts';
import { sharedData, validateTurtle } from '../test-support/index.ts';
import { demoDatasetMetadata } from './demo-network.ts';
import { DEMO_STATIONS } from './demo-stations.ts';

const shapesFile = sharedData('health-ri-shacl/HRI-Datamodel-shapes.ttl');

/** A profile as `profileStation` gives it: months as date ranges, a suppressed count, coded rows. */
const profile: StationProfile = {
  asOf: '2026-11-30T09:00:00.000Z',
  threshold: 10,
  dataVersion: '3-abc',
  patients: 3000,
  resources: { Patient: 3000, Encounter: 57_000, Condition: '<10' },
  tables: { patient: 3000, encounter: 57_000 },
  ageSex: [
    { ageBand: '18-44', sex: 'female', count: 600 },
    { ageBand: '85+', sex: 'male', count: '<10' },
  ],
  topCodes: [{ table: 'condition', system: 'http://snomed.info/sct', code: '44054006', count: 400 }],
  dateRanges: [
    { table: 'encounter', column: 'start', from: '2014-01', to: '2024-12' },
    { table: 'observation', column: 'effective', from: null, to: null },
  ],
  completeness: [],
};

describe.skipIf(!shapesFile)("the demo network's catalogue against Health-RI's SHACL shapes", () => {
  it('conforms: what the three demo stations publish, as the hub stores and exports it', async () => {
    const datasets: CatalogueDataset[] = DEMO_STATIONS.map((spec, i) =>
      catalogueEntry({
        // As the hub receives it: parsed by the publish schema (defaults filled in).
        ...DatasetPublishSchema.parse(
          demoDatasetMetadata(
            spec,
            { organisationName: spec.name, email: `steward@${spec.name}.example` },
            profile,
          ),
        ),
        id: `ds_${i}`,
        stationId: `stn_${i}`,
        stationName: spec.name,
        organisationId: `org_${i}`,
        publisher: spec.name,
        publishedAt: '2026-11-30T09:12:44.120Z',
      }),
    );
    const { violations } = await validateTurtle(
      await catalogueTurtle(datasets, 'http://127.0.0.1:8080'),
      shapesFile as string,
    );
    expect(violations, violations.join('\n')).toEqual([]);
  });
});
