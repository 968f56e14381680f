import { createHmac, randomBytes } from 'node:crypto';
import { roundTo } from '../../../privacy/disclosure/disclosure-policy.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { disclosureRisk } from '../../disclosure.ts';
import { checkDesign } from '../../glm/check-design.ts';
import { requireCrossCells } from '../../glm/cross-cells.ts';
import { requireColumns, requireFeatureLevels } from '../../glm/feature-columns.ts';
import { loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { glmStep } from '../../glm/glm-family.ts';
import { type PhantomPatients, phantomPatients, phantomStep } from '../../glm/phantom-patients.ts';
import { type GlmInput, GlmInputSchema, type GlmPartial } from './definition.ts';

/**
 * The key phantom patients are drawn with: from the station's noise secret (the same patients get the
 * same phantoms in every run), or, where a station has none (tests), random and kept for the run.
 */
function phantomKey(ctx: LocalContext): Uint8Array {
  if (ctx.noise) return createHmac('sha256', ctx.noise.secret).update('glm phantom patients').digest();
  let key = ctx.runState.get('glm:phantom-key') as Uint8Array | undefined;
  if (!key) {
    key = randomBytes(32);
    ctx.runState.set('glm:phantom-key', key);
  }
  return key;
}

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
      // The holders of a 0/1 feature (each level of one with few values, and of a count outcome with few
      // values) are a set the sums release.
      requireFeatureLevels(ctx, m, input.spec, 'glm', input.family === 'poisson');
      // So are the patients two such features (or one and the outcome) have in common: each cross cell.
      requireCrossCells(ctx, m, 'glm', input.family === 'logistic' ? 'binary' : 'count');
      ctx.runState.set(checked, true);
    }
    const beta = input.beta ?? new Array<number>(m.p).fill(0);
    if (beta.length !== m.p) throw disclosureRisk('coefficient vector does not match the features', 'beta');
    // Every round's sums are over the same patients; the ledger checks them once and knows them after.
    ctx.release.require('glm:population', m.ids);
    const step = glmStep(input.family, m.x, m.y, m.p, beta);
    const n = roundTo(step.n, Math.max(1, ctx.disclosure.rounding));
    if (ctx.disclosure.exactModelStatistics === true) return { ...step, n, exact: true };
    // The sums would pin the exact n and events (an intercept-only fit gives n = 1/(se²·p·(1−p))): they
    // are those of the patients plus a few phantom ones, the same phantoms in every round and question.
    const phantomsAt = `glm:phantoms:${checked}`;
    let phantoms = ctx.runState.get(phantomsAt) as PhantomPatients | undefined;
    if (!phantoms) {
      phantoms = phantomPatients(m, input.spec, phantomKey(ctx), ctx.disclosure.threshold / 2);
      ctx.runState.set(phantomsAt, phantoms);
    }
    const blur = phantomStep(input.family, phantoms, m.p, beta);
    return {
      n,
      gradient: step.gradient.map((g, a) => g + blur.gradient[a]!),
      hessian: step.hessian.map((h, k) => h + blur.hessian[k]!),
      deviance: step.deviance + blur.deviance,
      exact: false,
    };
  },
};
