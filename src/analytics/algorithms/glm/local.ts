import { roundTo } from '../../../privacy/disclosure/disclosure-policy.ts';
import type { LocalHalf } from '../../algorithm.ts';
import { disclosureRisk } from '../../disclosure.ts';
import { checkDesign } from '../../glm/check-design.ts';
import { requireColumns } from '../../glm/feature-columns.ts';
import { loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { type GlmInput, GlmInputSchema, type GlmPartial } from './definition.ts';

export const local: LocalHalf<GlmInput, GlmPartial> = {
  async run(ctx, rawInput, round) {
    const input = GlmInputSchema.parse(rawInput);
    // A fit starts from zero; later coefficients come from the hub's Newton step on all stations' sums.
    // Coefficients a requester picks could weigh a few patients heavily and read them from the sums.
    if (round === 0 && input.beta !== undefined)
      throw disclosureRisk(
        'a fit starts from zero coefficients; only later rounds carry coefficients',
        'beta',
      );
    const m = await loadFeatureMatrix(ctx, input.spec);
    // The design is checked once per run and spec (later rounds only move the coefficients).
    const checked = `glm:checked:${input.family}:${JSON.stringify(input.spec)}`;
    if (!ctx.runState.has(checked)) {
      checkDesign(ctx, m, input.family === 'logistic');
      requireColumns(ctx, m, input.spec, 'glm');
      ctx.runState.set(checked, true);
    }
    const beta = input.beta ?? new Array<number>(m.p).fill(0);
    if (beta.length !== m.p) throw disclosureRisk('coefficient vector does not match the features', 'beta');
    // Every round's sums are over the same patients; the ledger checks them once and knows them after.
    ctx.release.require('glm:population', m.ids);
    const step = glmStep(input.family, m.x, m.y, m.p, beta);
    return { ...step, n: roundTo(step.n, Math.max(1, ctx.disclosure.rounding)) };
  },
};
