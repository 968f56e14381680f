import {
  DEFAULT_DOMINANCE,
  roundTo,
  type SuppressionReason,
} from '../../../privacy/disclosure/disclosure-policy.ts';
import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { checkRegression, disclosureRisk, dominatedAtAnyOrigin } from '../../disclosure.ts';
import { checkDesign } from '../../glm/check-design.ts';
import { requireCrossCells } from '../../glm/cross-cells.ts';
import { requireColumns, requireFeatureLevels } from '../../glm/feature-columns.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { AGE_BANDS, type SubgroupKey, subgroupOf } from '../../subgroups.ts';
import { noisedAuc, noisedCalibrationFit, noisedUnitMean } from '../../validation/released-statistics.ts';
import {
  type Segment,
  type ValidationInput,
  ValidationInputSchema,
  type ValidationPartial,
} from './definition.ts';

type Parsed = ReturnType<typeof ValidationInputSchema.parse>;

const SUBGROUP_DOMAIN: Record<SubgroupKey, () => readonly string[]> = {
  sex: () => ['female', 'male'],
  ageBand: () => AGE_BANDS,
  region: referenceProvinces,
};

interface Rows {
  lp: Float64Array;
  p: Float64Array;
  y: Float64Array;
}

/**
 * A score a few patients make differ from a constant (a steep coefficient on age: risk 1 for the oldest,
 * 0 for everyone else) would make every sum over it a sum over those few: refused for all patients,
 * withheld for a subgroup. Judged on the predicted risks' distances from their median (any origin).
 */
function dominatedScore(ctx: LocalContext, p: Float64Array): boolean {
  return dominatedAtAnyOrigin(p, ctx.disclosure.maxShare ?? DEFAULT_DOMINANCE, ctx.disclosure.threshold);
}

/**
 * One segment's release, or why it was withheld. The segment's patients, its events and each calibration
 * bin are admitted through the release guard; `all` is required (the whole answer is refused when the
 * ledger refuses it), a subgroup the ledger refuses is withheld. Every ratio comes from a noised sum
 * (`../../validation/released-statistics.ts`), counts are rounded.
 */
function segment(
  ctx: LocalContext,
  input: Parsed,
  m: FeatureMatrix,
  rows: Rows,
  idx: readonly number[],
  key: string,
  group: string,
): Segment | SuppressionReason {
  const policy = ctx.disclosure;
  const t = policy.threshold;
  const n = idx.length;
  const ids = idx.map((i) => m.ids[i]!);
  const eventIds = idx.filter((i) => rows.y[i] === 1).map((i) => m.ids[i]!);
  const events = eventIds.length;
  if (n < t || events < t || n - events < t) return 'small';
  const lp = Float64Array.from(idx, (i) => rows.lp[i]!);
  const p = Float64Array.from(idx, (i) => rows.p[i]!);
  const y = Float64Array.from(idx, (i) => rows.y[i]!);
  const brierTerms = Float64Array.from(p, (v, k) => (v - y[k]!) ** 2);
  const label = `validation:${key}=${group}`;
  // The calibration fit does not exist when the score is constant or separates events from non-events
  // (then the few patients at the boundary decide it): refused for all patients, withheld for a subgroup.
  const fit = noisedCalibrationFit(ctx, ids, lp, y);
  if (!fit && key === 'all')
    throw disclosureRisk(
      'the predicted risks are constant or separate events from non-events: no calibration fit exists',
      'coefficients',
    );
  if (!fit) return 'dominance';
  if (key === 'all') {
    if (dominatedScore(ctx, p))
      throw disclosureRisk(
        'a few patients make the predicted risks differ from a constant: the model singles them out',
        'coefficients',
      );
    ctx.release.require(label, ids);
    ctx.release.require(`${label}:events`, eventIds);
    // The score and the Brier terms are columns of patient values like the features: a run whose scores
    // differ from an earlier run's for a few patients is refused (the difference would be theirs).
    ctx.release.requireColumn(`${label}:risk`, ids, p);
    ctx.release.requireColumn(`${label}:brier`, ids, brierTerms);
  } else {
    if (dominatedScore(ctx, p)) return 'dominance';
    if (!ctx.release.admit(label, ids) || !ctx.release.admit(`${label}:events`, eventIds))
      return 'differencing';
  }
  const cb = input.calibrationBins;
  const bins = Array.from({ length: cb }, (_, k) => ({
    key: k,
    rows: [] as number[],
    patients: [] as string[],
  }));
  p.forEach((v, k) => {
    const bin = bins[Math.min(cb - 1, Math.floor(v * cb))]!;
    bin.rows.push(k);
    bin.patients.push(ids[k]!);
  });
  const released = releasePartition(ctx.release, (k) => `${label}:calibration ${k}`, bins, policy);
  const rounding = Math.max(1, policy.rounding);
  return {
    key,
    group,
    n: roundTo(n, rounding),
    events: roundTo(events, rounding),
    auc: noisedAuc(ctx, ids, lp, y),
    brier: noisedUnitMean(ctx, 'brier', ids, brierTerms),
    observed: noisedUnitMean(ctx, 'outcome', ids, y),
    expected: noisedUnitMean(ctx, 'risk', ids, p),
    calibration: released.cells.map(({ key: k, count }) => {
      const bin = bins[k]!;
      const edges = { from: k / cb, to: (k + 1) / cb };
      if (bin.patients.length === 0) return { ...edges, n: 0, observed: null, expected: null };
      if (count.suppressed)
        return { ...edges, n: null, observed: null, expected: null, withheld: count.reason ?? 'small' };
      return {
        ...edges,
        n: count.value,
        observed: noisedUnitMean(
          ctx,
          'outcome',
          bin.patients,
          Float64Array.from(bin.rows, (r) => y[r]!),
        ),
        expected: noisedUnitMean(
          ctx,
          'risk',
          bin.patients,
          Float64Array.from(bin.rows, (r) => p[r]!),
        ),
      };
    }),
    fit,
  };
}

export const local: LocalHalf<ValidationInput, ValidationPartial> = {
  async run(ctx, raw) {
    const input = ValidationInputSchema.parse(raw);
    const m = await loadFeatureMatrix(ctx, input.spec);
    if (input.coefficients.length !== m.p)
      throw disclosureRisk('coefficients do not match the features', 'coefficients');
    checkRegression(m.n, 2, ctx.disclosure, 'validation');
    // The same design rules as a fit: no feature level or extreme value a few patients hold.
    checkDesign(ctx, m, true);
    requireColumns(ctx, m, input.spec, 'validation');
    // Coefficients the requester chooses can make the risks a feature's indicator: its holders are a set.
    requireFeatureLevels(ctx, m, input.spec, 'validation');
    // And the patients two such features, or one and the outcome, have in common (each cross cell).
    requireCrossCells(ctx, m, 'validation', 'binary');
    const lp = new Float64Array(m.n);
    for (let i = 0; i < m.n; i++) {
      let s = 0;
      for (let j = 0; j < m.p; j++) s += m.x[i * m.p + j]! * input.coefficients[j]!;
      lp[i] = s;
    }
    const rows = { lp, p: Float64Array.from(lp, (v) => 1 / (1 + Math.exp(-v))), y: m.y };
    const all = Array.from({ length: m.n }, (_, i) => i);
    const overall = segment(ctx, input, m, rows, all, 'all', 'all');
    if (typeof overall === 'string')
      throw disclosureRisk('too few outcome events or non-events to validate at this station', 'outcome');
    const segments = [overall];
    const suppressed: { key: string; group: string; reason: SuppressionReason }[] = [];
    for (const key of input.subgroups) {
      // The groups of a fixed list are always reported (an empty one as small, like a small one); a group
      // outside it (another sex, an unknown region) only when it is answered, so naming a group never
      // says that it holds at least one patient.
      const domain = SUBGROUP_DOMAIN[key]();
      const groups = new Map<string, number[]>(domain.map((g) => [g, []]));
      for (let i = 0; i < m.n; i++) {
        const g = subgroupOf(key, m, i);
        const list = groups.get(g) ?? [];
        list.push(i);
        groups.set(g, list);
      }
      for (const [g, idx] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const s = segment(ctx, input, m, rows, idx, key, g);
        if (typeof s === 'string') {
          if (domain.includes(g) || s !== 'small') suppressed.push({ key, group: g, reason: s });
        } else segments.push(s);
      }
    }
    return { segments, suppressed };
  },
};
