import { z } from 'zod';
import type { AlgorithmDefinition } from '../../algorithm.ts';
import { PopulationSpecSchema } from '../../features/feature-spec.ts';

export const RepresentativenessInputSchema = z.object({
  population: PopulationSpecSchema,
  /** Reference file under reference-data/. */
  reference: z.enum(['nl-population-2024.json']).default('nl-population-2024.json'),
  /** A cell is flagged when |standardised difference| exceeds this (0.1 is the usual rule of thumb). */
  limit: z.number().positive().default(0.1),
});
export type RepresentativenessInput = z.input<typeof RepresentativenessInputSchema>;

export const RepresentativenessPartialSchema = z.object({
  ageSex: z.array(z.object({ ageBand: z.string(), sex: z.enum(['male', 'female']), count: z.number() })),
  regions: z.array(z.object({ region: z.string(), count: z.number() })),
});
export type RepresentativenessPartial = z.infer<typeof RepresentativenessPartialSchema>;

export interface ShareComparison {
  share: number;
  referenceShare: number;
  ratio: number;
  standardisedDifference: number;
  flagged: boolean;
}
export interface RepresentativenessBlock {
  n: number;
  ageSex: ({ ageBand: string; sex: 'male' | 'female'; count: number } & ShareComparison)[];
  regions: ({ region: string; count: number } & ShareComparison)[];
  flagged: number;
}
export interface RepresentativenessResult {
  pooled: RepresentativenessBlock;
  perStation: Record<string, RepresentativenessBlock>;
  reference: { name: string; source: string; year: number };
  limit: number;
}

/**
 * Whether the age band (`lo-hi` or `90+`) overlaps the population's age range [minAge, maxAge): the
 * bands of the reference (central) and the fixed cells of the station's table (local).
 */
export function bandCovered(band: string, minAge = 0, maxAge = 200): boolean {
  const lo = Number.parseInt(band, 10);
  const hi = band.endsWith('+') ? 200 : lo + 10;
  return lo < maxAge && hi > minAge;
}

/** Representativeness of a population by age band × sex and by province against a reference population. */
export const definition: AlgorithmDefinition<
  RepresentativenessInput,
  RepresentativenessPartial,
  RepresentativenessResult
> = {
  name: 'representativeness',
  version: '1.1.0',
  description:
    'Shares of a population by 10-year age band × sex and by province against the Dutch population ' +
    '(CBS, 1 January 2024), with standardised differences and flags, per station and pooled.',
  inputSchema: RepresentativenessInputSchema as unknown as z.ZodType<RepresentativenessInput>,
  outputSchema: RepresentativenessPartialSchema,
  disclosure: ['counts'],
  maxRounds: 1,
};
