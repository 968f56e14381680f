import { badInput } from '../../../common/app-error.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import { checkCells, checkGroupSize, midpoint6, roundCount } from '../../disclosure.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { chargeEpsilon, laplaceNoise, noisyCounts, noisySum } from '../../privacy/laplace.ts';
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

export async function describe(ctx: LocalContext, input: Parsed): Promise<DescriptivePartial> {
  const m = await loadFeatureMatrix(ctx, {
    population: input.population,
    features: input.variables,
    outcome: input.outcome,
  });
  const policy = ctx.disclosure;
  checkGroupSize(m.n, policy, 'population');
  // Every released statistic gets an equal share of epsilon (sequential composition).
  const releases = 1 + 3 * input.summaries.length + input.tables.length + 2 * input.rates.length;
  const eps = input.dp ? input.dp.epsilon / releases : 0;
  if (input.dp) await chargeEpsilon(ctx, input.dp.epsilon, 'descriptive');

  const summaries = input.summaries.map((s, k) => {
    const values = column(m, s.variable, `summaries[${k}].variable`);
    const counts = new Array<number>(s.bins.length + 1).fill(0);
    let sum = 0;
    let sumSq = 0;
    const lo = s.bins[0]!;
    const hi = s.bins[s.bins.length - 1]!;
    for (const raw of values) {
      // Under DP the sums need bounded terms: clip to the outer edges.
      const v = input.dp ? Math.min(hi, Math.max(lo, raw)) : raw;
      sum += v;
      sumSq += v * v;
      counts[binIndex(raw, s.bins)]! += 1;
    }
    checkCells(counts, policy, `summaries[${k}].bins`);
    if (input.dp) {
      const bound = Math.max(Math.abs(lo), Math.abs(hi));
      return {
        variable: s.variable,
        n: m.n,
        sum: noisySum(sum, lo, hi, eps),
        sumSq: sumSq + laplaceNoise((bound * bound) / eps),
        counts: noisyCounts(counts, eps),
      };
    }
    return {
      variable: s.variable,
      n: m.n,
      sum,
      sumSq,
      counts: counts.map((c) => roundCount(c, policy.rounding)),
    };
  });

  const tables = input.tables.map((t, k) => {
    const cells = new Map<string, { row: string; column: string; count: number }>();
    for (let i = 0; i < m.n; i++) {
      const row = categoryOf(m, t.rows, i);
      const col = categoryOf(m, t.columns, i);
      const key = `${row}\u0000${col}`;
      const cell = cells.get(key) ?? { row, column: col, count: 0 };
      cell.count++;
      cells.set(key, cell);
    }
    const list = [...cells.values()].sort(
      (a, b) => a.row.localeCompare(b.row) || a.column.localeCompare(b.column),
    );
    checkCells(
      list.map((c) => c.count),
      policy,
      `tables[${k}]`,
    );
    const counts = input.dp
      ? noisyCounts(
          list.map((c) => c.count),
          eps,
        )
      : list.map((c) => roundCount(c.count, policy.rounding));
    return { rows: t.rows, columns: t.columns, cells: list.map((c, j) => ({ ...c, count: counts[j]! })) };
  });

  const rates = input.rates.map((r, k) => {
    const groups = new Map<string, { numerator: number; denominator: number }>();
    for (let i = 0; i < m.n; i++) {
      const g = categoryOf(m, r.by, i);
      const cur = groups.get(g) ?? { numerator: 0, denominator: 0 };
      cur.numerator += m.y[i]!;
      cur.denominator += 1;
      groups.set(g, cur);
    }
    const list = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
    checkCells(
      list.map(([, v]) => v.denominator),
      policy,
      `rates[${k}]`,
    );
    return {
      by: r.by,
      groups: list.map(([group, v]) => ({
        group,
        numerator: input.dp
          ? Math.max(0, Math.round(v.numerator + laplaceNoise(1 / eps)))
          : midpoint6(v.numerator),
        denominator: input.dp
          ? Math.max(1, Math.round(v.denominator + laplaceNoise(1 / eps)))
          : midpoint6(v.denominator),
      })),
    };
  });

  const n = input.dp ? noisyCounts([m.n], eps)[0]! : roundCount(m.n, policy.rounding);
  return { n, summaries, tables, rates, dp: Boolean(input.dp) };
}

export const local: LocalHalf<DescriptiveInput, DescriptivePartial> = {
  run: (ctx, raw) => describe(ctx, DescriptiveInputSchema.parse(raw)),
};
