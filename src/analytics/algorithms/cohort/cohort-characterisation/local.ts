import { parseCohort } from '../../../../cohort/cohort-definition.ts';
import type { LocalHalf } from '../../../algorithm.ts';
import type { CohortResult } from '../cohort-result.ts';
import { releaseCohort } from '../release-cohort.ts';
import type { CharacterisationInput } from './definition.ts';

/** Runs the cohort with characterisation; every number through the station's release guard. */
export const local: LocalHalf<CharacterisationInput, CohortResult> = {
  async run(ctx, input) {
    return releaseCohort(ctx, parseCohort(input.cohort), { topN: input.topN ?? 10 });
  },
};
