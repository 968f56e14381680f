import { parseCohort } from '../../../../cohort/cohort-definition.ts';
import type { CohortResult } from '../../../../cohort/cohort-result.ts';
import { runCohort } from '../../../../cohort/run-cohort.ts';
import type { LocalHalf } from '../../../algorithm.ts';
import { cohortLedger } from '../cohort-ledger.ts';
import type { CharacterisationInput } from './definition.ts';

/** Runs the cohort with characterisation; every cell disclosed under the station's policy. */
export const local: LocalHalf<CharacterisationInput, CohortResult> = {
  async run(ctx, input) {
    return runCohort(ctx.query, ctx.dialect, parseCohort(input.cohort), {
      purpose: ctx.purpose,
      disclosure: { threshold: ctx.disclosure.threshold, rounding: Math.max(1, ctx.disclosure.rounding) },
      ledger: cohortLedger(ctx),
      permitId: ctx.permitId,
      topN: input.topN ?? 10,
    });
  },
};
