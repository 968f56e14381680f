import { z } from 'zod';
import { CohortDefinitionSchema } from '../../../../cohort/cohort-definition.ts';
import type { AlgorithmDefinition } from '../../../algorithm.ts';
import { type CohortResult, CohortResultSchema } from '../cohort-result.ts';
import type { CombinedCohortResult } from '../combine-cohort-results.ts';

export const CharacterisationInputSchema = z.object({
  cohort: CohortDefinitionSchema,
  /** How many conditions and observations to list (most frequent first). */
  topN: z.number().int().min(1).max(50).default(10),
});
export type CharacterisationInput = z.input<typeof CharacterisationInputSchema>;

export const definition: AlgorithmDefinition<CharacterisationInput, CohortResult, CombinedCohortResult> = {
  name: 'cohort-characterisation',
  version: '1.0.0',
  description:
    'Count, attrition and characterisation of a cohort at entry: age band × sex, region, top conditions, ' +
    'top observations with mean value; every cell disclosed at the station, combined over stations.',
  inputSchema: CharacterisationInputSchema,
  outputSchema: CohortResultSchema,
  disclosure: ['counts', 'moments'],
  maxRounds: 1,
};
