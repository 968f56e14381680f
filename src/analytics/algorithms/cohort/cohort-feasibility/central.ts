import type { CentralHalf } from '../../../algorithm.ts';
import { combineCohortResults } from '../combine-cohort-results.ts';
import type { FeasibilityInput, FeasibilityPartial, FeasibilityResult } from './definition.ts';

/** Sums the stations' released counts per attrition step. */
export const central: CentralHalf<FeasibilityInput, FeasibilityPartial, FeasibilityResult> = {
  combine(partials) {
    const { cohort, count, attrition } = combineCohortResults(
      partials.map((p) => ({ stationId: p.stationId, result: p.output })),
    );
    return {
      done: true,
      result: {
        cohort,
        count,
        attrition,
        stations: partials.map((p) => ({ stationId: p.stationId, result: p.output })),
      },
    };
  },
};
