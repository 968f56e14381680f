import { columnSmds, largestAbsSmd } from './covariate-balance.ts';
import { matchNearest } from './nearest-neighbour-matching.ts';
import { propensityLogits, sd, withInteractions } from './propensity-score.ts';

/** The |SMD| every covariate must stay below after matching (Austin 2009). */
export const BALANCE_SMD = 0.1;

/**
 * The resolution at which logits are told apart, as a fraction of the caliper: within it the nearest
 * control is a seeded draw, not the one with the identical covariate pattern (see
 * `resolution` in `nearest-neighbour-matching.ts`).
 */
export const LOGIT_RESOLUTION = 0.1;

/** One way of matching tried at a station, in the order they are tried. */
export interface MatchingDesign {
  /** `main`: the propensity model on the covariates; `second-stage`: with squares and interactions. */
  model: 'main' | 'second-stage';
  /** `logit`: nearest on the logit; `covariates`: nearest on the covariates within the logit caliper. */
  nearest: 'logit' | 'covariates';
  /** `largest`: exposed patients from the highest score down; `closest`: the closest pairs first. */
  order: 'largest' | 'closest';
  /** Caliper in SDs of the logit. */
  caliperSd: number;
  /**
   * The resolution at which logits are told apart, as a fraction of the caliper ({@link LOGIT_RESOLUTION};
   * 0: exactly, the nearest is then often the identical twin of a common covariate pattern).
   */
  resolution: number;
}

export interface BalancedMatch {
  /** Matched exposed index → its k control indexes. */
  pairs: Map<number, number[]>;
  logitsExposed: Float64Array;
  logitsPool: Float64Array;
  /** The caliper in logit units and in SDs of the logit. */
  caliper: number;
  design: MatchingDesign;
  /** Exact SMD per covariate after matching, and the largest |SMD|. */
  smdAfter: (number | null)[];
  largest: number;
  /** Covariates matching left clearly worse balanced than before (see {@link driftedColumns}). */
  drifted: number[];
  /** Designs tried (1 when the first one balanced). */
  tried: number;
}

/**
 * The designs in order: the definition's, then the standard remedies, then a caliper half as wide, all
 * with logits told apart at {@link LOGIT_RESOLUTION}; last, the definition's with logits compared
 * exactly. Identical twins make the matched groups closer at a small station (less noise) and move the
 * controls to the common covariate patterns at a large one, where {@link driftedColumns} refuses it.
 */
export function matchingDesigns(caliperSd: number): MatchingDesign[] {
  const resolution = LOGIT_RESOLUTION;
  return [
    { model: 'main', nearest: 'logit', order: 'largest', caliperSd, resolution },
    { model: 'main', nearest: 'logit', order: 'closest', caliperSd, resolution },
    { model: 'second-stage', nearest: 'logit', order: 'closest', caliperSd, resolution },
    { model: 'main', nearest: 'covariates', order: 'closest', caliperSd, resolution },
    { model: 'second-stage', nearest: 'covariates', order: 'closest', caliperSd, resolution },
    { model: 'main', nearest: 'covariates', order: 'closest', caliperSd: caliperSd / 2, resolution },
    { model: 'second-stage', nearest: 'covariates', order: 'closest', caliperSd: caliperSd / 2, resolution },
    { model: 'main', nearest: 'logit', order: 'largest', caliperSd, resolution: 0 },
  ];
}

/**
 * How far an |SMD| after matching may exceed the one before matching before the design counts as having
 * moved the controls away from the exposed group: this many standard errors of an SMD between the
 * matched groups, √(1/n_exposed + 1/n_controls) (0.022 at 38,000 pairs; 0.35 at 150, where the 0.1 rule
 * governs).
 */
export const DRIFT_SE = 3;

/**
 * The covariates that matching made clearly worse balanced than no matching: |SMD| after above |SMD|
 * before by more than {@link DRIFT_SE} standard errors of the matched groups' SMD. Matching on a score
 * should only remove imbalance; a covariate that drifts tells that the design chose the controls by
 * something else (e.g. the identical logits of common covariate patterns).
 */
export function driftedColumns(
  before: readonly (number | null)[],
  after: readonly (number | null)[],
  nExposed: number,
  nControls: number,
): number[] {
  if (nExposed === 0 || nControls === 0) return [];
  const tolerance = DRIFT_SE * Math.sqrt(1 / nExposed + 1 / nControls);
  return after.flatMap((a, c) => {
    const b = before[c];
    if (a === null || b === null || b === undefined) return [];
    return Math.abs(a) > Math.abs(b) + tolerance ? [c] : [];
  });
}

/** Plain words for a design (English), e.g. for the monitor's README and reports. */
export function describeDesign(d: MatchingDesign): string {
  const model =
    d.model === 'main'
      ? 'propensity score on the covariates'
      : 'propensity score with squares and interactions of the imbalanced covariates';
  const nearest =
    d.nearest === 'logit' ? 'nearest on the logit' : 'nearest on the covariates (scaled Euclidean)';
  const order = d.order === 'largest' ? 'highest score first' : 'closest pairs first';
  const resolution =
    d.resolution > 0 ? `logits told apart at ${d.resolution} of the caliper` : 'logits compared exactly';
  return `${model}; ${nearest} within ${d.caliperSd} SD of the logit, ${order}, ${resolution}`;
}

/**
 * 1:k matching at a station with a balance check: the first design of {@link matchingDesigns} is the
 * monitor's own (propensity score on the covariates, nearest neighbour on the logit within the caliper);
 * when a covariate's |SMD| after matching is {@link BALANCE_SMD} or more, or matching left a covariate
 * clearly worse balanced than before ({@link driftedColumns}), the standard remedies follow, in
 * order, until one balances every covariate: re-fit the model with the squares of the continuous
 * covariates and the interactions of the imbalanced ones (Rosenbaum & Rubin 1984), match on the
 * covariates within the propensity caliper (Rubin & Thomas 2000), then the same with a caliper half as
 * wide, then the first design with logits compared exactly. None balancing, the design with the
 * smallest largest |SMD| is kept (among those without a drifted covariate, when there are any). Only
 * the covariates are looked at, never an outcome.
 *
 * @param binary per covariate column, whether it is a 0/1 indicator
 */
export function matchBalanced(
  exposedRows: readonly (readonly number[])[],
  poolRows: readonly (readonly number[])[],
  binary: readonly boolean[],
  ratio: number,
  caliperSd: number,
): BalancedMatch {
  const width = binary.length;
  const nE = exposedRows.length;
  const all = [...exposedRows, ...poolRows];
  const flags = all.map((_, i) => (i < nE ? 1 : 0));
  const fitLogits = (rows: readonly (readonly number[])[]) =>
    nE && poolRows.length ? propensityLogits(rows, flags) : new Float64Array(all.length);
  const logits: Partial<Record<MatchingDesign['model'], Float64Array>> = { main: fitLogits(all) };
  const scale = Array.from({ length: width }, (_, c) => sd(all.map((r) => r[c]!)));
  const smdBefore = columnSmds(exposedRows, poolRows, width);
  let best: BalancedMatch | undefined;
  let focus: number[] = [];
  const designs = matchingDesigns(caliperSd);
  for (const [i, design] of designs.entries()) {
    if (design.model === 'second-stage' && !logits['second-stage']) {
      if (focus.length === 0) continue;
      logits['second-stage'] = fitLogits(withInteractions(all, binary, focus));
    }
    const l = logits[design.model]!;
    const logitsExposed = l.subarray(0, nE);
    const logitsPool = l.subarray(nE);
    const caliper = design.caliperSd * sd(l);
    const pairs = matchNearest(logitsExposed, logitsPool, ratio, caliper, {
      order: design.order,
      resolution: design.resolution * caliper,
      ...(design.nearest === 'covariates'
        ? { distance: { exposed: exposedRows, controls: poolRows, scale } }
        : {}),
    });
    const e: (readonly number[])[] = [];
    const c: (readonly number[])[] = [];
    for (const [x, cs] of pairs) {
      e.push(exposedRows[x]!);
      for (const y of cs) c.push(poolRows[y]!);
    }
    const smdAfter = columnSmds(e, c, width);
    const largest = pairs.size ? largestAbsSmd(smdAfter) : Number.POSITIVE_INFINITY;
    const drifted = driftedColumns(smdBefore, smdAfter, e.length, c.length);
    const candidate: BalancedMatch = {
      pairs,
      logitsExposed,
      logitsPool,
      caliper,
      design,
      smdAfter,
      largest,
      drifted,
      tried: i + 1,
    };
    if (i === 0)
      focus = smdAfter.flatMap((d, col) =>
        d === null || Math.abs(d) >= BALANCE_SMD || drifted.includes(col) ? [col] : [],
      );
    const better = (a: BalancedMatch, b: BalancedMatch) =>
      a.drifted.length === 0 && b.drifted.length > 0
        ? true
        : a.drifted.length > 0 && b.drifted.length === 0
          ? false
          : a.largest < b.largest;
    if (!best || better(candidate, best)) best = candidate;
    if (largest < BALANCE_SMD && drifted.length === 0) return candidate;
    best = { ...best, tried: i + 1 };
  }
  return best!;
}
