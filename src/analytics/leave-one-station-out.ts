import type { StationContext } from './algorithm.ts';
import { central as glmCentral } from './algorithms/glm/central.ts';
import { type GlmResult, definition as glmDefinition } from './algorithms/glm/definition.ts';
import { local as glmLocal } from './algorithms/glm/local.ts';
import { central as valCentral } from './algorithms/validation/central.ts';
import {
  type ValidationInput,
  type ValidationResult,
  definition as valDefinition,
} from './algorithms/validation/definition.ts';
import { local as valLocal } from './algorithms/validation/local.ts';
import type { ModelSpec } from './features/feature-spec.ts';
import { type RunOptions, runFederated } from './federated-driver.ts';
import { composeAlgorithm } from './local-runner.ts';

export interface LosoInput {
  spec: ModelSpec;
  ridge?: number;
  /** Options passed to the validation at the held-out station. */
  validation?: Omit<ValidationInput, 'spec' | 'coefficients'>;
}

export interface LosoFold {
  heldOut: string;
  trainedOn: string[];
  model: GlmResult;
  validation: ValidationResult;
}

export interface LosoResult {
  folds: LosoFold[];
  /** Mean over folds of the held-out AUC, calibration slope and Brier score. */
  summary: { auc: number; calibrationSlope: number; brier: number };
}

const fresh = (ctx: StationContext): StationContext => ({ ...ctx, runState: new Map() });

/**
 * Leave-one-station-out: for each station, trains a logistic model federated on all the others and
 * validates it at the one left out. Shows how a model transports to a new care organisation.
 */
export async function leaveOneStationOut(
  stations: readonly StationContext[],
  input: LosoInput,
  options: RunOptions = {},
): Promise<LosoResult> {
  const glm = composeAlgorithm(glmDefinition, glmLocal, glmCentral);
  const validation = composeAlgorithm(valDefinition, valLocal, valCentral);
  const folds: LosoFold[] = [];
  for (const held of stations) {
    const train = stations.filter((s) => s !== held);
    const model = await runFederated(
      glm,
      train.map(fresh),
      { spec: input.spec, family: 'logistic', ridge: input.ridge ?? 0 },
      options,
    );
    const coefficients = model.result.coefficients.map((c) => c.estimate);
    const val = await runFederated(
      validation,
      [fresh(held)],
      { ...input.validation, spec: input.spec, coefficients },
      options,
    );
    folds.push({
      heldOut: held.stationId,
      trainedOn: train.map((s) => s.stationId),
      model: model.result,
      validation: val.result,
    });
  }
  const mean = (f: (x: LosoFold) => number) => folds.reduce((a, x) => a + f(x), 0) / folds.length;
  return {
    folds,
    summary: {
      auc: mean((f) => f.validation.pooled.auc.estimate),
      calibrationSlope: mean((f) => f.validation.pooled.calibrationSlope.slope),
      brier: mean((f) => f.validation.pooled.brier),
    },
  };
}
