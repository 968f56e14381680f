import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { checkRegression, disclosureRisk } from '../../disclosure.ts';
import type { FeatureMatrix } from '../../glm/feature-matrix.ts';
import { loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { type GlmInput, GlmInputSchema, type GlmPartial } from './definition.ts';

/**
 * Checks once per run that the design is safe to release sums over: enough patients, few parameters per
 * patient, and no binary feature or outcome level held by fewer patients than the threshold (a small
 * cell would be readable from the Hessian).
 */
export function checkDesign(ctx: LocalContext, m: FeatureMatrix, binaryOutcome: boolean): void {
  checkRegression(m.n, m.p, ctx.disclosure, 'glm');
  const t = ctx.disclosure.threshold;
  for (let j = 1; j < m.p; j++) {
    let ones = 0;
    let binary = true;
    for (let i = 0; i < m.n; i++) {
      const v = m.x[i * m.p + j]!;
      if (v === 1) ones++;
      else if (v !== 0) {
        binary = false;
        break;
      }
    }
    if (binary && ((ones > 0 && ones < t) || (m.n - ones > 0 && m.n - ones < t))) {
      throw disclosureRisk('a binary feature has a level below the minimum cell count', `features[${j - 1}]`);
    }
  }
  if (binaryOutcome) {
    let events = 0;
    for (let i = 0; i < m.n; i++) events += m.y[i]!;
    if (events < t || m.n - events < t)
      throw disclosureRisk('outcome events or non-events below the minimum cell count', 'outcome');
  }
}

export const local: LocalHalf<GlmInput, GlmPartial> = {
  async run(ctx, rawInput) {
    const input = GlmInputSchema.parse(rawInput);
    const m = await loadFeatureMatrix(ctx, input.spec);
    // The design is checked once per run and spec (later rounds only move the coefficients).
    const checked = `glm:checked:${input.family}:${JSON.stringify(input.spec)}`;
    if (!ctx.runState.has(checked)) {
      checkDesign(ctx, m, input.family === 'logistic');
      ctx.runState.set(checked, true);
    }
    const beta = input.beta ?? new Array<number>(m.p).fill(0);
    if (beta.length !== m.p) throw disclosureRisk('coefficient vector does not match the features', 'beta');
    return glmStep(input.family, m.x, m.y, m.p, beta);
  },
};
