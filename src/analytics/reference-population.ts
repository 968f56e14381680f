import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const ReferencePopulationSchema = z.object({
  name: z.string(),
  source: z.string(),
  year: z.number().int(),
  unit: z.string(),
  ageSex: z.array(z.object({ ageBand: z.string(), male: z.number(), female: z.number() })),
  regions: z.array(z.object({ region: z.string(), population: z.number() })),
});
export type ReferencePopulation = z.infer<typeof ReferencePopulationSchema>;

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'reference-data');

/** A reference population shipped with the platform (default: the Netherlands, 1 January 2024, CBS). */
export function referencePopulation(file = 'nl-population-2024.json'): ReferencePopulation {
  return ReferencePopulationSchema.parse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
}
