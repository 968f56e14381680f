import { badInput } from '../../../common/app-error.ts';
import { DEFAULT_DOMINANCE, roundTo } from '../../../privacy/disclosure/disclosure-policy.ts';
import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import {
  checkCells,
  checkGroupSize,
  differingFromMode,
  dominated,
  dominatedAtAnyOrigin,
  midpoint6,
} from '../../disclosure.ts';
import { canonicalColumn, featureTransform, inRequesterUnits } from '../../features/canonical-column.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { chargeEpsilon, laplaceNoise, noisyCounts, noisySum } from '../../privacy/laplace.ts';
import { binLabel } from '../../release-questions.ts';
import { ageBand } from '../../subgroups.ts';
import { type DescriptiveInput, DescriptiveInputSchema, type DescriptivePartial } from './definition.ts';

type Parsed = ReturnType<typeof DescriptiveInputSchema.parse>;

/** The category of row i under a group key. */
function categoryOf(m: FeatureMatrix, key: string, i: number): string {
  if (key === 'sex') return m.sex[i]!;
  if (key === 'region') return m.region[i]!;
  if (key === 'ageBand') return ageBand(m.age[i]!);
  if (key === 'y') return String(m.y[i]!);
  const j = m.names.indexOf(key);
  if (j < 1) throw badInput(`unknown group key ${key}`, 'tables');
  return String(m.x[i * m.p + j]!);
}

/** Values of a variable (or of `y`) per row. */
function column(m: FeatureMatrix, name: string, where: string): Float64Array {
  if (name === 'y') return m.y;
  const j = m.names.indexOf(name);
  if (j < 1) throw badInput(`unknown variable ${name}`, where);
  const out = new Float64Array(m.n);
  for (let i = 0; i < m.n; i++) out[i] = m.x[i * m.p + j]!;
  return out;
}

/** Bin index: 0 = below first edge, k = [edge k-1, edge k), last = from the last edge on. */
export function binIndex(v: number, edges: readonly number[]): number {
  let k = 0;
  while (k < edges.length && v >= edges[k]!) k++;
  return k;
}

/** Groups row indices by a key. */
function groupRows(n: number, keyOf: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    const list = groups.get(k) ?? [];
    list.push(i);
    groups.set(k, list);
  }
  return groups;
}

/**
 * The station's part of a descriptive analysis. Every number is on a patient set admitted through the
 * station's release guard: the population, each histogram bin, each table cell, each rate group (and its
 * numerator once it reaches the threshold). Counts are rounded; `n` is never exact. Means and SDs come
 * from noised sums of a column admitted through the station's column ledger (never exact, so no exact
 * `n` follows from them), and are withheld when one patient dominates the sum. With differential
 * privacy every released number is noised (seeded by the station, so repeating a question does not
 * average the noise away) and the epsilon is charged to the permit.
 */
export async function describe(ctx: LocalContext, input: Parsed): Promise<DescriptivePartial> {
  const countOutcome = input.outcome?.count === true;
  // Under DP a rate's numerator is noised for one patient's part; a count outcome has no bound on it.
  if (input.dp && countOutcome && input.rates.length > 0)
    throw badInput('rates under differential privacy need a 0/1 outcome (outcome.count is set)', 'rates');
  const m = await loadFeatureMatrix(ctx, {
    population: input.population,
    features: input.variables,
    outcome: input.outcome,
  });
  const policy = ctx.disclosure;
  checkGroupSize(m.n, policy, 'population');
  ctx.release.require('descriptive:population', m.ids);
  const ids = (rows: readonly number[]) => rows.map((i) => m.ids[i]!);
  // Every released statistic gets an equal share of epsilon (sequential composition); the cells of one
  // histogram, table or rate share one part (each patient is in one cell: parallel composition).
  const releases = 1 + 3 * input.summaries.length + input.tables.length + 2 * input.rates.length;
  const eps = input.dp ? input.dp.epsilon / releases : 0;
  if (input.dp) await chargeEpsilon(ctx, input.dp.epsilon, 'descriptive');
  const rounding = Math.max(1, policy.rounding);
  const n = input.dp ? Math.max(1, noisyCounts([m.n], eps, ctx.uniform('n'))[0]!) : roundTo(m.n, rounding);
  const maxShare = policy.maxShare ?? DEFAULT_DOMINANCE;

  const summaries = input.summaries.map((s, k) => {
    const where = `summaries[${k}]`;
    const values = column(m, s.variable, `${where}.variable`);
    const lo = s.bins[0]!;
    const hi = s.bins[s.bins.length - 1]!;
    const bins = groupRows(m.n, (i) => String(binIndex(values[i]!, s.bins)));
    const exact = Array.from({ length: s.bins.length + 1 }, (_, b) => bins.get(String(b)) ?? []);
    // The bins partition the population, and their edges are the requester's: an empty bin is withheld
    // like a small one (never 0, never a refusal), with secondary suppression, so the open top bin
    // "from x on" does not tell whether anyone is that old. Each bin is its own question (the variable
    // and the bin's two edges, `release-questions.ts`), so the same patients reached by another edge are
    // withheld like a few patients more or fewer (`test/attacks/histogram-edge-bisection.int.test.ts`).
    const partition = releasePartition(
      ctx.release,
      (b) => binLabel(where, b),
      exact.map((rows, b) => ({ key: b, patients: ids(rows) })),
      policy,
    );
    const releasedBin = partition.cells.map((c) => !c.count.suppressed);
    const binCounts = (noisy?: number[]): (number | null)[] =>
      partition.cells.map((c, b) => (releasedBin[b] ? (noisy ? noisy[b]! : c.count.value) : null));
    // Sums are compared as canonical columns (the requester's centre and scale undone) in the station's
    // column ledger: two variables whose values differ for a few patients do not both leave.
    const transform = featureTransform(
      s.variable === 'y' ? undefined : input.variables.find((f) => f.name === s.variable),
    );
    const canonical = canonicalColumn(values, transform);
    if (input.dp) {
      if (!ctx.release.admitColumn(`descriptive:${where}:values`, m.ids, canonical))
        return {
          variable: s.variable,
          n,
          mean: null,
          sd: null,
          counts: binCounts(
            noisyCounts(
              exact.map((rows) => rows.length),
              eps,
              ctx.uniform(`${where}:counts`),
            ),
          ),
          withheld: 'differencing' as const,
        };
      // Under DP the sums need bounded terms: clip to the outer edges.
      let sum = 0;
      let sumSq = 0;
      for (const raw of values) {
        const v = Math.min(hi, Math.max(lo, raw));
        sum += v;
        sumSq += v * v;
      }
      const bound = Math.max(Math.abs(lo), Math.abs(hi));
      const noisy = noisySum(sum, lo, hi, eps, ctx.uniform(`${where}:sum`));
      const noisySq = sumSq + laplaceNoise((bound * bound) / eps, ctx.uniform(`${where}:sumSq`));
      const mean = noisy / n;
      return {
        variable: s.variable,
        n,
        mean,
        sd: Math.sqrt(Math.max(0, (noisySq - n * mean * mean) / Math.max(1, n - 1))),
        counts: binCounts(
          noisyCounts(
            exact.map((rows) => rows.length),
            eps,
            ctx.uniform(`${where}:counts`),
          ),
        ),
      };
    }
    const counts = binCounts();
    // The origin is the requester's choice (impute, centre), so the rule looks at distances from the
    // median as well as at the values themselves.
    if (
      dominated(values, maxShare, policy.threshold) ||
      dominated(
        values.map((v) => v * v),
        maxShare,
        policy.threshold,
      ) ||
      dominatedAtAnyOrigin(values, maxShare, policy.threshold)
    ) {
      return { variable: s.variable, n, mean: null, sd: null, counts, withheld: 'dominance' as const };
    }
    // A mean of a variable that is one value for a large group (an indicator, an imputed observation)
    // is a count or sum over the patients who differ from it: that set goes through the ledger too, so
    // two such means (codes {A} and {A, B}) cannot differ by a small group whatever the bins are.
    const differ = differingFromMode(values, policy.threshold);
    if (differ && !ctx.release.admit(`descriptive:${where}:differs`, ids(differ))) {
      return { variable: s.variable, n, mean: null, sd: null, counts, withheld: 'differencing' as const };
    }
    // Mean and SD leave only from noised sums (never exact: an exact indicator mean is f / n and pins n).
    const moments = ctx.release.moments(`descriptive:${where}:values`, m.ids, canonical, rounding);
    if (!moments) {
      return { variable: s.variable, n, mean: null, sd: null, counts, withheld: 'differencing' as const };
    }
    return {
      variable: s.variable,
      n,
      mean: inRequesterUnits(moments.mean, transform),
      sd: inRequesterUnits(moments.sd, transform, true),
      counts,
    };
  });

  const tables = input.tables.map((t, k) => {
    const cells = [
      ...groupRows(m.n, (i) => `${categoryOf(m, t.rows, i)}\u0000${categoryOf(m, t.columns, i)}`).entries(),
    ]
      .map(([key, rows]) => {
        const [row, col] = key.split('\u0000');
        return { row: row!, column: col!, rows };
      })
      .sort((a, b) => a.row.localeCompare(b.row) || a.column.localeCompare(b.column));
    checkCells(
      cells.map((c) => c.rows.length),
      policy,
      `tables[${k}]`,
    );
    for (const c of cells) ctx.release.require(`descriptive:tables[${k}]:${c.row}:${c.column}`, ids(c.rows));
    const counts = input.dp
      ? noisyCounts(
          cells.map((c) => c.rows.length),
          eps,
          ctx.uniform(`tables[${k}]`),
        )
      : cells.map((c) => roundTo(c.rows.length, rounding));
    return {
      rows: t.rows,
      columns: t.columns,
      cells: cells.map((c, j) => ({ row: c.row, column: c.column, count: counts[j]! })),
    };
  });

  const rates = input.rates.map((r, k) => {
    const groups = [...groupRows(m.n, (i) => categoryOf(m, r.by, i)).entries()].sort(([a], [b]) =>
      a.localeCompare(b),
    );
    checkCells(
      groups.map(([, rows]) => rows.length),
      policy,
      `rates[${k}]`,
    );
    const numU = ctx.uniform(`rates[${k}]:numerator`);
    const denU = ctx.uniform(`rates[${k}]:denominator`);
    return {
      by: r.by,
      groups: groups.map(([group, rows]) => {
        const events = rows.filter((i) => m.y[i]! > 0);
        const numerator = rows.reduce((a, i) => a + m.y[i]!, 0);
        ctx.release.require(`descriptive:rates[${k}]:${group}`, ids(rows));
        const denominator = input.dp
          ? Math.max(1, Math.round(rows.length + laplaceNoise(1 / eps, denU)))
          : midpoint6(rows.length);
        // A numerator leaves only when the threshold's patients have an event and the threshold's do not
        // (0 is withheld like a few: midpoint-6 released 0 for "nobody admitted" and 4 for "one to seven"),
        // and, for a count outcome, when no patient makes up more than `maxShare` of it and its column
        // (patient → count) may leave (`test/attacks/rate-numerators.int.test.ts`).
        const withheld = (reason: 'small' | 'dominance' | 'differencing') => ({
          group,
          numerator: null,
          denominator,
          withheld: reason,
        });
        if (events.length < policy.threshold || rows.length - events.length < policy.threshold)
          return withheld('small');
        if (countOutcome) {
          const counts = Float64Array.from(rows, (i) => m.y[i]!);
          if (dominated(counts, maxShare, policy.threshold)) return withheld('dominance');
          if (!ctx.release.admitColumn(`descriptive:rates[${k}]:${group}:counts`, ids(rows), counts))
            return withheld('differencing');
        }
        ctx.release.require(`descriptive:rates[${k}]:${group}:events`, ids(events));
        return {
          group,
          numerator: input.dp
            ? Math.max(0, Math.round(numerator + laplaceNoise(1 / eps, numU)))
            : midpoint6(numerator),
          denominator,
        };
      }),
    };
  });

  return { n, summaries, tables, rates, dp: Boolean(input.dp) };
}

export const local: LocalHalf<DescriptiveInput, DescriptivePartial> = {
  run: (ctx, raw) => describe(ctx, DescriptiveInputSchema.parse(raw)),
};
