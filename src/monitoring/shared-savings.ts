import { Z975 } from '../analytics/glm/normal.ts';

/** Cost totals of one arm in one period as released: sum, sum of squared per-patient sums, persons, person-months. */
export interface CostTotals {
  sum: number;
  sumSq: number;
  persons: number;
  personMonths: number;
}

/** Costs avoided with a 95% CI: expected (control-based) minus observed. */
export interface Avoided {
  expected: number;
  observed: number;
  avoided: number;
  lower: number;
  upper: number;
  variance: number;
}

/** Robust (patient-clustered) variance of a sum: Σx² − (Σx)²/n, times n/(n−1). */
export function sumVariance(t: CostTotals): number {
  if (t.persons < 2) return 0;
  return (Math.max(0, t.sumSq - (t.sum * t.sum) / t.persons) * t.persons) / (t.persons - 1);
}

/**
 * Costs of the exposed group in the follow-up had they followed the matched control group's trend:
 * exposed baseline rate × exposed follow-up person-months × (control follow-up rate / control baseline
 * rate); avoided = expected − observed. The variance is the delta method on the three rates plus the
 * variance of the observed sum (treated as independent).
 */
export function costsAvoided(
  exposedPre: CostTotals,
  exposedPost: CostTotals,
  controlPre: CostTotals,
  controlPost: CostTotals,
): Avoided | null {
  if ([exposedPre, controlPre, controlPost].some((t) => t.sum <= 0 || t.personMonths <= 0)) return null;
  const rate = (t: CostTotals) => t.sum / t.personMonths;
  const expected = rate(exposedPre) * exposedPost.personMonths * (rate(controlPost) / rate(controlPre));
  const rel = (t: CostTotals) => sumVariance(t) / (t.sum * t.sum);
  const variance =
    expected * expected * (rel(exposedPre) + rel(controlPost) + rel(controlPre)) + sumVariance(exposedPost);
  const avoided = expected - exposedPost.sum;
  const se = Math.sqrt(variance);
  return {
    expected,
    observed: exposedPost.sum,
    avoided,
    lower: avoided - Z975 * se,
    upper: avoided + Z975 * se,
    variance,
  };
}

/** The split rule of a monitor (`savings` in the definition). */
export interface SplitRule {
  payer: string;
  provider: string;
  volumeProtectionPerMonth: number;
  providerShare: number;
}

/** One month's avoided costs split between the parties. */
export interface SavingsSplit {
  avoided: number;
  provider: number;
  payer: number;
}

/**
 * Splits one month's avoided costs: the provider first gets up to the volume protection (its lost
 * volume), then `providerShare` of the rest; the payer keeps the remainder. Extra costs (a negative
 * amount) are the payer's.
 */
export function splitSavings(avoided: number, rule: SplitRule): SavingsSplit {
  if (avoided <= 0) return { avoided, provider: 0, payer: avoided };
  const protectedPart = Math.min(avoided, rule.volumeProtectionPerMonth);
  const rest = avoided - protectedPart;
  const provider = protectedPart + rule.providerShare * rest;
  return { avoided, provider, payer: avoided - provider };
}
