import type { LocalContext } from '../analytics/algorithm.ts';
import { differingFromMode, dominated, dominatedAtAnyOrigin } from '../analytics/disclosure.ts';
import { DEFAULT_DOMINANCE, roundTo } from '../privacy/disclosure/disclosure-policy.ts';
import { moments, standardisedMeanDifference } from './covariate-balance.ts';
import type { BalanceRow } from './monitor-partial.ts';
import type { MonitorAtStation } from './monitor-station.ts';

/** Decimals of a released standardised mean difference. */
const SMD_DECIMALS = 3;

interface Group {
  ids: string[];
  rows: number[][];
}

/**
 * The balance table a station releases: per covariate the mean (or proportion) of each arm before and
 * after matching, and the SMD. No mean is exact:
 * - a mean is a rounded sum over the rounded group size (a proportion: the rounded count of holders over
 *   the rounded group), so it does not pin the exact group size behind a rounded count;
 * - the patients who differ from the most frequent value (the holders of a condition, the patients with
 *   any prior ED visit) go through the release ledger, so two means — before and after matching, or of
 *   two monitors — cannot differ by a small group;
 * - each arm's covariate values go through the column ledger (`admitColumn`, patient → value): a mean
 *   whose column differs from an earlier released column (last month's, another monitor's) on
 *   1..threshold−1 patients is withheld with the SMD;
 * - a proportion resting on 1..threshold−1 patients, a sum dominated by a few patients (at any origin),
 *   and a group's mean before matching whose unmatched remainder (the group minus the matched ones, what
 *   a subtraction of the two means isolates) is dominated, are withheld with the SMD.
 * The SMD is computed from the exact moments and released to {@link SMD_DECIMALS} decimals.
 */
export function releaseBalance(
  ctx: LocalContext,
  s: MonitorAtStation,
  open: { exposed: boolean; pool: boolean },
): BalanceRow[] {
  const policy = ctx.disclosure;
  const base = Math.max(1, policy.rounding);
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;
  const t = policy.threshold;

  const mean = (
    label: string,
    g: Group,
    col: number,
    binary: boolean,
    matched?: Set<string>,
  ): number | null => {
    const values = g.rows.map((r) => r[col]!);
    if (values.length === 0) return null;
    if (binary) {
      const ones = values.filter((v) => v === 1).length;
      const zeros = values.length - ones;
      if ((ones > 0 && ones < t) || (zeros > 0 && zeros < t)) return null;
    } else if (dominated(values, maxShare, t) || dominatedAtAnyOrigin(values, maxShare, t)) return null;
    if (matched) {
      const rest = values.filter((_, i) => !matched.has(g.ids[i]!));
      if (dominated(rest, maxShare, t) || dominatedAtAnyOrigin(rest, maxShare, t)) return null;
    }
    const differ = differingFromMode(values, t)?.map((i) => g.ids[i]!);
    if (differ && !ctx.release.admit(label, differ)) return null;
    // The mean is a sum of patient values: the column (patient → value) must differ from every earlier
    // released one on none or at least the threshold's patients. The same arm a month later with one
    // patient's prior ED visits or age changed is the same set, and the two means would give the change.
    if (!ctx.release.admitColumn(`${label}:values`, g.ids, values)) return null;
    const sum = values.reduce((a, v) => a + v, 0);
    return roundTo(sum, base) / roundTo(values.length, base);
  };

  const smd = (e: Group, c: Group, col: number) => {
    const d = standardisedMeanDifference(
      moments(e.rows.map((r) => r[col]!)),
      moments(c.rows.map((r) => r[col]!)),
    );
    return d === null ? null : Number(d.toFixed(SMD_DECIMALS));
  };

  // After matching first: the balance that must hold is released in preference to the one before.
  const after = s.columns.map((cv, col) => {
    const me = mean(`outcome-monitor:balance:after:exposed:${cv.name}`, s.matchedExposed, col, cv.binary);
    const mc = mean(`outcome-monitor:balance:after:control:${cv.name}`, s.matchedControls, col, cv.binary);
    return {
      exposed: me,
      control: mc,
      smd: me === null || mc === null ? null : smd(s.matchedExposed, s.matchedControls, col),
    };
  });
  const matchedE = new Set(s.matchedExposed.ids);
  const matchedC = new Set(s.matchedControls.ids);
  const before = s.columns.map((cv, col) => {
    if (!open.exposed || !open.pool) return null;
    const me = mean(
      `outcome-monitor:balance:before:exposed:${cv.name}`,
      s.exposedAll,
      col,
      cv.binary,
      matchedE,
    );
    const mc = mean(`outcome-monitor:balance:before:pool:${cv.name}`, s.poolAll, col, cv.binary, matchedC);
    return {
      exposed: me,
      control: mc,
      smd: me === null || mc === null ? null : smd(s.exposedAll, s.poolAll, col),
    };
  });
  return s.columns.map((cv, col) => ({ covariate: cv.name, before: before[col]!, after: after[col]! }));
}
