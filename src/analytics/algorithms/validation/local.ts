import { roundTo, type SuppressionReason } from '../../../privacy/disclosure/disclosure-policy.ts';
import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { checkRegression, disclosureRisk } from '../../disclosure.ts';
import { checkDesign } from '../../glm/check-design.ts';
import { requireColumns } from '../../glm/feature-columns.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { AGE_BANDS, type SubgroupKey, subgroupOf } from '../../subgroups.ts';
import { aucWithVariance } from '../../validation/exact-auc.ts';
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
  y: Float64Array;
}

/** Logistic fit step of y on (1, lp) at (a, b). */
function slopeStep(rows: Rows, idx: readonly number[], a: number, b: number) {
  const g = [0, 0];
  const h = [0, 0, 0, 0];
  for (const i of idx) {
    const x = rows.lp[i]!;
    const mu = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, a + b * x))));
    const r = rows.y[i]! - mu;
    const w = mu * (1 - mu);
    g[0]! += r;
    g[1]! += r * x;
    h[0]! += w;
    h[1]! += w * x;
    h[3]! += w * x * x;
  }
  h[2] = h[1]!;
  return { gradient: g, hessian: h };
}

/**
 * One segment's release, or why it was withheld. The segment's patients, its events and each calibration
 * bin are admitted through the release guard; `all` is required (the whole answer is refused when the
 * ledger refuses it), a subgroup the ledger refuses is withheld.
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
  const label = `validation:${key}=${group}`;
  if (key === 'all') {
    ctx.release.require(label, ids);
    ctx.release.require(`${label}:events`, eventIds);
  } else if (!ctx.release.admit(label, ids) || !ctx.release.admit(`${label}:events`, eventIds)) {
    return 'differencing';
  }
  let sumP = 0;
  let sumBrier = 0;
  const lp = new Float64Array(n);
  const y = new Float64Array(n);
  const cb = input.calibrationBins;
  const bins = Array.from({ length: cb }, (_, k) => ({
    key: k,
    patients: [] as string[],
    events: 0,
    sumP: 0,
  }));
  idx.forEach((i, k) => {
    const p = 1 / (1 + Math.exp(-rows.lp[i]!));
    lp[k] = rows.lp[i]!;
    y[k] = rows.y[i]!;
    sumP += p;
    sumBrier += (p - rows.y[i]!) ** 2;
    const bin = bins[Math.min(cb - 1, Math.floor(p * cb))]!;
    bin.patients.push(m.ids[i]!);
    bin.events += rows.y[i]!;
    bin.sumP += p;
  });
  const released = releasePartition(ctx.release, (k) => `${label}:calibration ${k}`, bins, policy);
  const rounding = Math.max(1, policy.rounding);
  const auc = aucWithVariance(lp, y);
  const [a, b] = input.slopes?.[key === 'all' ? 'all' : `${key}=${group}`] ?? [0, 1];
  return {
    key,
    group,
    n: roundTo(n, rounding),
    events: roundTo(events, rounding),
    auc: { estimate: auc.auc, variance: auc.variance },
    brier: sumBrier / n,
    observed: events / n,
    expected: sumP / n,
    calibration: released.cells.map(({ key: k, count }) => {
      const bin = bins[k]!;
      const edges = { from: k / cb, to: (k + 1) / cb };
      if (bin.patients.length === 0) return { ...edges, n: 0, observed: null, expected: null };
      if (count.suppressed)
        return { ...edges, n: null, observed: null, expected: null, withheld: count.reason ?? 'small' };
      return {
        ...edges,
        n: count.value,
        observed: bin.events / bin.patients.length,
        expected: bin.sumP / bin.patients.length,
      };
    }),
    slopeStep: slopeStep(rows, idx, a, b),
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
    const lp = new Float64Array(m.n);
    for (let i = 0; i < m.n; i++) {
      let s = 0;
      for (let j = 0; j < m.p; j++) s += m.x[i * m.p + j]! * input.coefficients[j]!;
      lp[i] = s;
    }
    const rows = { lp, y: m.y };
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
    const [a, b] = input.stationSlopes?.[ctx.stationId] ?? [0, 1];
    return { segments, suppressed, ownSlopeStep: slopeStep(rows, all, a, b) };
  },
};
