import { parseCohort } from '../../../../cohort/cohort-definition.ts';
import { runCohort } from '../../../../cohort/run-cohort.ts';
import type { LocalHalf } from '../../../algorithm.ts';
import { cohortLedger } from '../cohort-ledger.ts';
import type { FeasibilityInput, FeasibilityPartial } from './definition.ts';

/** Runs the cohort on the station's tables; count and attrition with the station's disclosure control. */
export const local: LocalHalf<FeasibilityInput, FeasibilityPartial> = {
  async run(ctx, input) {
    const definition = parseCohort(input.cohort);
    const { characterisation: _none, ...result } = await runCohort(ctx.query, ctx.dialect, definition, {
      purpose: ctx.purpose,
      disclosure: { threshold: ctx.disclosure.threshold, rounding: Math.max(1, ctx.disclosure.rounding) },
      ledger: cohortLedger(ctx),
      permitId: ctx.permitId,
      characterise: false,
    });
    return result;
  },
};
