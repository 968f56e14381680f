import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  type Initiative,
  InitiativeSchema,
  type Landscape,
  LandscapeDomains,
  LandscapeRegions,
} from '../../api/network-schemas.ts';

const ExamplesSchema = z.object({ label: z.string(), initiatives: z.array(InitiativeSchema) });

/** The labelled example set shipped with the platform (sourced from the national action plan). */
export const landscapeExamples = ExamplesSchema.parse(
  JSON.parse(readFileSync(new URL('./landscape-examples.json', import.meta.url), 'utf8')),
);

/** Coverage per domain × phase, the white spots, and regional initiatives per province. */
export function landscapeOverview(initiatives: Initiative[]): Landscape {
  const coverage = LandscapeDomains.flatMap((domain) =>
    ([1, 2, 3] as const).map((phase) => ({
      domain,
      phase,
      count: initiatives.filter((i) => i.domain === domain && i.phase === phase).length,
    })),
  );
  return {
    initiatives,
    coverage,
    whiteSpots: coverage.filter((c) => c.count === 0).map(({ domain, phase }) => ({ domain, phase })),
    regions: LandscapeRegions.filter((r) => r !== 'national').map((region) => ({
      region,
      count: initiatives.filter((i) => i.region === region).length,
    })),
  };
}
