import type { CentralHalf } from '../../algorithm.ts';
import { coefficientTable, newtonUpdate, sumSteps } from '../../glm/newton-update.ts';
import { definition, type GlmInput, GlmInputSchema, type GlmPartial, type GlmResult } from './definition.ts';

export const central: CentralHalf<GlmInput, GlmPartial, GlmResult> = {
  combine(partials, rawInput, round) {
    const input = GlmInputSchema.parse(rawInput);
    const p = input.spec.features.length + 1;
    const beta = input.beta ?? new Array<number>(p).fill(0);
    const total = sumSteps(
      partials.map((s) => s.output),
      p,
    );
    const step = newtonUpdate(total, beta, input.ridge);
    const converged = step.maxChange < input.tolerance;
    if (!converged && round + 1 < definition.maxRounds)
      return { done: false, nextInput: { ...rawInput, beta: step.beta } };
    const names = ['(intercept)', ...input.spec.features.map((f) => f.name)];
    return {
      done: true,
      result: {
        family: input.family,
        coefficients: coefficientTable(names, step.beta, step.covariance),
        n: total.n,
        nPerStation: Object.fromEntries(partials.map((s) => [s.stationId, s.output.n])),
        deviance: total.deviance,
        exact: partials.every((s) => s.output.exact),
        iterations: round + 1,
        converged,
        ridge: input.ridge,
      },
    };
  },
};
