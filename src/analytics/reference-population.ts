import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Where one breakdown comes from. `published: false` marks figures that are not a published table
 * (kept so the algorithm still runs, and named as such in every result's `reference.source`).
 */
const BreakdownSchema = z.object({
  published: z.boolean(),
  unit: z.enum(['persons', 'thousands']),
  /** StatLine table id the figures were taken from; null when not published. */
  table: z.string().nullable(),
  /** The total the table itself publishes for the breakdown; null when not published. */
  total: z.number().int().nullable(),
});

export const ReferencePopulationSchema = z.object({
  name: z.string(),
  source: z.string(),
  year: z.number().int(),
  /** Reference date of every figure (YYYY-MM-DD). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The published national total and its split by sex. */
  total: z.object({
    population: z.number().int(),
    male: z.number().int(),
    female: z.number().int(),
    table: z.string(),
  }),
  breakdowns: z.object({ ageSex: BreakdownSchema, regions: BreakdownSchema }),
  ageSex: z.array(z.object({ ageBand: z.string(), male: z.number(), female: z.number() })),
  regions: z.array(z.object({ region: z.string(), population: z.number() })),
});
export type ReferencePopulation = z.infer<typeof ReferencePopulationSchema>;

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'reference-data');

/** A reference population shipped with the platform (default: the Netherlands, 1 January 2024, CBS). */
export function referencePopulation(file = 'nl-population-2024.json'): ReferencePopulation {
  return ReferencePopulationSchema.parse(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
}

let provinceNames: readonly string[] | undefined;
/** The provinces of the default reference population: the fixed list of region cells and subgroups. */
export function referenceProvinces(): readonly string[] {
  provinceNames ??= referencePopulation().regions.map((r) => r.region);
  return provinceNames;
}
