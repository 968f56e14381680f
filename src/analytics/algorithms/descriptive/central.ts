import type { CentralHalf } from '../../algorithm.ts';
import type {
  DescriptiveBlock,
  DescriptiveInput,
  DescriptivePartial,
  DescriptiveResult,
  SummaryResult,
} from './definition.ts';
import { DescriptiveInputSchema } from './definition.ts';

/**
 * A quantile from binned counts by linear interpolation inside the bin (never an individual's value).
 * In an open end bin the quantile is reported as that bin's finite edge.
 */
export function binnedQuantile(edges: readonly number[], counts: readonly number[], q: number): number {
  const total = counts.reduce((a, c) => a + c, 0);
  if (total <= 0) return Number.NaN;
  const target = q * total;
  let cum = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k]!;
    if (cum + c >= target && c > 0) {
      if (k === 0) return edges[0]!;
      if (k === counts.length - 1) return edges[edges.length - 1]!;
      const lo = edges[k - 1]!;
      const hi = edges[k]!;
      return lo + ((target - cum) / c) * (hi - lo);
    }
    cum += c;
  }
  return edges[edges.length - 1]!;
}

/**
 * Pools stations' means and SDs (the released ones), weighted by their rounded counts: the pooled SD
 * adds each station's within sum of squares, (n−1)·sd², and its between part, n·(mean − pooled)².
 */
export function poolMoments(parts: readonly { n: number; mean: number; sd: number }[]): {
  mean: number;
  sd: number;
} {
  const total = parts.reduce((a, p) => a + p.n, 0);
  const mean = parts.reduce((a, p) => a + p.n * p.mean, 0) / total;
  const ss = parts.reduce((a, p) => a + (p.n - 1) * p.sd * p.sd + p.n * (p.mean - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(Math.max(0, ss / Math.max(1, total - 1))) };
}

function block(
  partials: readonly { stationId: string; output: DescriptivePartial }[],
  input: ReturnType<typeof DescriptiveInputSchema.parse>,
): DescriptiveBlock {
  const n = partials.reduce((a, p) => a + p.output.n, 0);
  const summaries: SummaryResult[] = input.summaries.map((s, k) => {
    const parts = partials.map((p) => ({ stationId: p.stationId, ...p.output.summaries[k]! }));
    const released = parts.flatMap((p) =>
      p.mean === null || p.sd === null ? [] : [{ n: p.n, mean: p.mean, sd: p.sd }],
    );
    const counts = new Array<number | null>(s.bins.length + 1).fill(null);
    for (const p of parts)
      p.counts.forEach((c, j) => {
        if (c !== null) counts[j] = (counts[j] ?? 0) + c;
      });
    const pooled = released.length > 0 ? poolMoments(released) : { mean: null, sd: null };
    return {
      variable: s.variable,
      n: parts.reduce((a, p) => a + p.n, 0),
      mean: pooled.mean,
      sd: pooled.sd,
      withheldAt: parts.filter((p) => p.mean === null).map((p) => p.stationId),
      bins: s.bins,
      counts,
      // From the released bins only; null when none was released (NaN does not survive JSON).
      quantiles: input.quantiles.map((q) => {
        const value = binnedQuantile(
          s.bins,
          counts.map((c) => c ?? 0),
          q,
        );
        return { q, value: Number.isNaN(value) ? null : value };
      }),
    };
  });
  const tables = input.tables.map((t, k) => {
    // A cell adds the stations that released it; null when none did.
    const cells = new Map<string, { row: string; column: string; count: number | null }>();
    for (const { output: p } of partials) {
      for (const c of p.tables[k]!.cells) {
        const key = `${c.row}\u0000${c.column}`;
        const cur = cells.get(key) ?? { row: c.row, column: c.column, count: null };
        if (c.count !== null) cur.count = (cur.count ?? 0) + c.count;
        cells.set(key, cur);
      }
    }
    return { rows: t.rows, columns: t.columns, cells: [...cells.values()] };
  });
  const rates = input.rates.map((r, k) => {
    // A rate pools the stations that released its numerator; a withheld one's denominator stays out too.
    const groups = new Map<string, { numerator: number | null; denominator: number; all: number | null }>();
    for (const { output: p } of partials) {
      for (const g of p.rates[k]!.groups) {
        const cur = groups.get(g.group) ?? { numerator: null, denominator: 0, all: null };
        if (g.denominator !== null) cur.all = (cur.all ?? 0) + g.denominator;
        if (g.numerator !== null) {
          cur.numerator = (cur.numerator ?? 0) + g.numerator;
          cur.denominator += g.denominator ?? 0;
        }
        groups.set(g.group, cur);
      }
    }
    return {
      by: r.by,
      groups: [...groups.entries()].map(([group, v]) =>
        v.numerator === null
          ? { group, numerator: null, denominator: v.all, rate: null }
          : { group, numerator: v.numerator, denominator: v.denominator, rate: v.numerator / v.denominator },
      ),
    };
  });
  return { n, summaries, tables, rates };
}

export const central: CentralHalf<DescriptiveInput, DescriptivePartial, DescriptiveResult> = {
  combine(partials, raw) {
    const input = DescriptiveInputSchema.parse(raw);
    const perStation = Object.fromEntries(partials.map((p) => [p.stationId, block([p], input)]));
    return {
      done: true,
      result: {
        pooled: block(partials, input),
        perStation,
        dp: partials.some((p) => p.output.dp),
      },
    };
  },
};
