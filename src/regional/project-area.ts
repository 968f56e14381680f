import { z } from 'zod';
import type { RegionalArea } from './combine-regional-picture.ts';
import { AGE_BANDS } from './regional-picture-schemas.ts';

/*
 * The projection's schema and the projection of one area, without reading files: the web app imports
 * these with the shipped `population-projection.json`; the station and the CLI through
 * `population-projection.ts`, which reads the file.
 */

const bandFactors = z.object({
  published: z.boolean(),
  total: z.number().positive(),
  ...Object.fromEntries(AGE_BANDS.map((b) => [b.label, z.number().positive()])),
});

export const PopulationProjectionSchema = z.object({
  name: z.string(),
  source: z.string().min(1),
  date: z.string(),
  baseYear: z.number().int(),
  anchors: z.array(
    z.object({
      figure: z.string(),
      year: z.number().int(),
      value: z.number(),
      published: z.boolean(),
      where: z.string(),
    }),
  ),
  derivation: z.string(),
  factors: z.record(z.string().regex(/^\d{4}$/), bandFactors),
});
export type PopulationProjection = z.infer<typeof PopulationProjectionSchema>;

/** One area projected to one year: persons and ED visits per age band and in all. */
export interface ProjectedArea {
  area: string;
  /** The observed year the rates and population come from. */
  fromYear: number;
  year: number;
  /** False when the factors used are not published figures (see the projection's `source`). */
  published: boolean;
  persons: number;
  edVisits: number;
  byAgeBand: { ageBand: string; persons: number; edVisits: number; edPerThousand: number | null }[];
}

/**
 * Age-specific rates times a population projection: each age band's released persons in the area's
 * latest year, times the band's growth factor to `year`, and its ED visits at the band's released rate
 * (ED visits per person in the cells where both were released). A band without a released rate adds
 * persons but no ED visits.
 */
export function projectAreaWith(
  area: RegionalArea,
  year: number,
  projection: PopulationProjection,
): ProjectedArea {
  const f = projection.factors[String(year)];
  if (!f)
    throw new Error(`no projection factors for ${year} (have ${Object.keys(projection.factors).join(', ')})`);
  const byAgeBand = AGE_BANDS.map((b) => {
    const observed = area.byAgeBand.find((x) => x.ageBand === b.label);
    const factor = (f as unknown as Record<string, number>)[b.label]!;
    const persons = (observed?.persons ?? 0) * factor;
    const rate = observed && observed.edPersons > 0 ? observed.edVisits / observed.edPersons : null;
    return {
      ageBand: b.label,
      persons,
      edVisits: rate === null ? 0 : rate * persons,
      edPerThousand: rate === null ? null : 1000 * rate,
    };
  });
  return {
    area: area.area,
    fromYear: area.year,
    year,
    published: f.published,
    persons: byAgeBand.reduce((s, b) => s + b.persons, 0),
    edVisits: byAgeBand.reduce((s, b) => s + b.edVisits, 0),
    byAgeBand,
  };
}
