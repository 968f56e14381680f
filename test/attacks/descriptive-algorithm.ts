import { central } from '../../src/analytics/algorithms/descriptive/central.ts';
import { definition } from '../../src/analytics/algorithms/descriptive/definition.ts';
import { local } from '../../src/analytics/algorithms/descriptive/local.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';

export type {
  DescriptiveInput,
  DescriptivePartial,
} from '../../src/analytics/algorithms/descriptive/definition.ts';

/** Descriptive statistics as a station runs them (the runner with its release guard), for attacks on one station. */
export const descriptive = composeAlgorithm(definition, local, central);
