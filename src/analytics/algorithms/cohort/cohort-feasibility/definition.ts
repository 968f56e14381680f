import { z } from 'zod';
import { CohortDefinitionSchema } from '../../../../cohort/cohort-definition.ts';
import type { AlgorithmDefinition } from '../../../algorithm.ts';
import { CohortResultSchema } from '../cohort-result.ts';
import type { CombinedCohortResult } from '../combine-cohort-results.ts';

export const FeasibilityInputSchema = z.object({ cohort: CohortDefinitionSchema });
export type FeasibilityInput = z.input<typeof FeasibilityInputSchema>;

/** A station's count and attrition, disclosed; no characterisation. */
export const FeasibilityPartialSchema = CohortResultSchema.omit({ characterisation: true });
export type FeasibilityPartial = z.infer<typeof FeasibilityPartialSchema>;

export type FeasibilityResult = Pick<CombinedCohortResult, 'cohort' | 'count' | 'attrition'> & {
  stations: { stationId: string; result: FeasibilityPartial }[];
};

export const definition: AlgorithmDefinition<FeasibilityInput, FeasibilityPartial, FeasibilityResult> = {
  name: 'cohort-feasibility',
  version: '1.0.0',
  description:
    'How many patients match a cohort definition at each station and in total, with the attrition per criterion. ' +
    'Counts below the station threshold are suppressed, the rest rounded; differencing against earlier answers under the permit is refused.',
  inputSchema: FeasibilityInputSchema,
  outputSchema: FeasibilityPartialSchema,
  disclosure: ['counts'],
  maxRounds: 1,
};
