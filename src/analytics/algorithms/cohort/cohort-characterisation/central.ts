import type { CentralHalf } from '../../../algorithm.ts';
import type { CohortResult } from '../cohort-result.ts';
import { type CombinedCohortResult, combineCohortResults } from '../combine-cohort-results.ts';
import type { CharacterisationInput } from './definition.ts';

/** Sums released cells over stations; means weighted by the released counts. */
export const central: CentralHalf<CharacterisationInput, CohortResult, CombinedCohortResult> = {
  combine(partials) {
    return {
      done: true,
      result: combineCohortResults(partials.map((p) => ({ stationId: p.stationId, result: p.output }))),
    };
  },
};
