import { parseCohort } from '../../../../cohort/cohort-definition.ts';
import type { LocalHalf } from '../../../algorithm.ts';
import { releaseCohort } from '../release-cohort.ts';
import type { FeasibilityInput, FeasibilityPartial } from './definition.ts';

/** Runs the cohort on the station's tables; count and attrition through the station's release guard. */
export const local: LocalHalf<FeasibilityInput, FeasibilityPartial> = {
  async run(ctx, input) {
    const { characterisation: _none, ...result } = await releaseCohort(ctx, parseCohort(input.cohort), {
      characterise: false,
    });
    return result;
  },
};
