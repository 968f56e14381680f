import t2d from '../../../../examples/cohorts/t2d-poor-control.json' with { type: 'json' };
import model from '../../../../examples/models/unplanned-admission-1y-core.json' with { type: 'json' };

/** A fitted model: its specification and coefficients (a glm run's input and result). */
export interface FittedModel {
  spec: unknown;
  coefficients: number[];
}

/**
 * Starting inputs for each shipped algorithm, from the examples the platform ships (examples/); a
 * validation starts from a fitted model when one is chosen.
 */
export function inputTemplate(algorithm: string, fitted?: FittedModel): unknown {
  switch (algorithm) {
    case 'cohort-feasibility':
    case 'cohort-characterisation':
      return { cohort: t2d };
    case 'glm':
      return { spec: model, family: 'logistic' };
    case 'validation':
      return fitted ?? { spec: model, coefficients: model.features.map(() => 0).concat([0]) };
    case 'representativeness':
      return { population: model.population };
    case 'descriptive':
      return {
        population: model.population,
        variables: [model.features[0]],
        summaries: [{ variable: model.features[0]!.name, bins: [-3, -2, -1, 0, 1, 2, 3] }],
        rates: [{ by: 'sex' }],
      };
    default:
      return {};
  }
}
