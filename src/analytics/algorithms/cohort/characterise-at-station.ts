import type { CohortDefinitionInput } from '../../../cohort/cohort-definition.ts';
import type { StationContext } from '../../algorithm.ts';
import { runLocalHalf } from '../../local-runner.ts';
import { definition } from './cohort-characterisation/definition.ts';
import { local } from './cohort-characterisation/local.ts';
import type { CohortResult } from './cohort-result.ts';

/**
 * A cohort's count, attrition and characterisation at one station, released exactly as the station
 * would release them to the hub (the same local half through the same runner and release ledger): what
 * `ai4h cohort run` shows a steward.
 */
export function characteriseAtStation(
  station: StationContext,
  cohort: CohortDefinitionInput,
  topN = 10,
): Promise<CohortResult> {
  return runLocalHalf(definition, local, station, { cohort, topN }, 0);
}
