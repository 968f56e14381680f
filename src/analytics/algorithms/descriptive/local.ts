import { badInput } from '../../../common/app-error.ts';
import {
  DEFAULT_DOMINANCE,
  type DisclosedCount,
  roundTo,
} from '../../../privacy/disclosure/disclosure-policy.ts';
import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalContext, LocalHalf } from '../../algorithm.ts';
import {
  checkGroupSize,
  differingFromMode,
  dominated,
  dominatedAtAnyOrigin,
  midpoint6,
} from '../../disclosure.ts';
import { canonicalColumn, featureTransform, inRequesterUnits } from '../../features/canonical-column.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../../glm/feature-matrix.ts';
import { chargeEpsilon, laplaceNoise, noisyCounts, noisySum } from '../../privacy/laplace.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { binLabel } from '../../release-questions.ts';
import { AGE_BANDS, ageBand } from '../../subgroups.ts';
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

/**
 * The categories of a group key that every answer lists, in order: both sexes, every province of the
 * reference population, every age band, both levels of a 0/1 outcome or variable (sex, region,
 * condition). Other keys (a count, an age, an observation) list the values at least the threshold's
 * patients hold. A patient outside the domain is in no cell (hidden mass).
 */
function domainOf(
  m: FeatureMatrix,
  key: string,
  input: Parsed,
  countOutcome: boolean,
  threshold: number,
): string[] {
  if (key === 'sex') return ['female', 'male'];
  if (key === 'region') return [...referenceProvinces()];
  if (key === 'ageBand') return [...AGE_BANDS];
  const kind = input.variables.find((f) => f.name === key)?.kind;
  if ((key === 'y' && !countOutcome) || kind === 'sex' || kind === 'region' || kind === 'condition')
    return ['0', '1'];
  const held = new Map<string, number>();
  for (let i = 0; i < m.n; i++) {
    const c = categoryOf(m, key, i);
    held.set(c, (held.get(c) ?? 0) + 1);
  }
  return [...held.entries()]
    .filter(([, n]) => n >= threshold)
    .map(([c]) => c)
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
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

/**
 * True when `rows` are exactly the rows of `set`, or exactly the others of the `n` rows:
 * a bin that holds the patients differing from the mode, or the others.
 */
function sameSplit(rows: readonly number[], set: readonly number[], n: number): boolean {
  const inSet = new Set(set);
  if (rows.length === set.length) return rows.every((i) => inSet.has(i));
  return rows.length + set.length === n && rows.every((i) => !inSet.has(i));
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
  // (Rates of a count outcome under DP are refused by the input schema: one patient's part is unbounded.)
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
    // A released bin of this answer that holds exactly these patients, or exactly the others, already put
    // the set in the ledger (the others as the population without the bin): admitting it again under the
    // population's question would be "the same patients by another question" and withhold every
    // indicator's mean whose bins split its two values.
    const differ = differingFromMode(values, policy.threshold);
    const binned =
      differ !== undefined && exact.some((rows, b) => releasedBin[b] && sameSplit(rows, differ, m.n));
    if (differ && !binned && !ctx.release.admit(`descriptive:${where}:differs`, ids(differ))) {
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

  // Tables and rate groups are partitions of the population over fixed cells: every category of a key's
  // domain is listed, an empty cell withheld like a small one (secondary suppression as for any
  // partition); patients outside the domains are hidden mass. Refusing the answer for a small cell and
  // leaving an empty one out told whether anyone of a group had a condition
  // (`test/attacks/table-cell-existence.int.test.ts`).
  const domain = (key: string) => domainOf(m, key, input, countOutcome, policy.threshold);
  const withheldCount = (c: DisclosedCount) =>
    c.suppressed ? { withheld: c.reason ?? ('small' as const) } : {};

  const tables = input.tables.map((t, k) => {
    const byCell = groupRows(m.n, (i) => `${categoryOf(m, t.rows, i)}\u0000${categoryOf(m, t.columns, i)}`);
    const columns = domain(t.columns);
    const cells = domain(t.rows).flatMap((row) =>
      columns.map((column) => ({
        key: { row, column },
        patients: ids(byCell.get(`${row}\u0000${column}`) ?? []),
      })),
    );
    const hidden = m.n - cells.reduce((a, c) => a + c.patients.length, 0);
    const released = releasePartition(
      ctx.release,
      (c) => `descriptive:tables[${k}]:${c.row}:${c.column}`,
      cells,
      policy,
      hidden,
    );
    const noisy = input.dp
      ? noisyCounts(
          cells.map((c) => c.patients.length),
          eps,
          ctx.uniform(`tables[${k}]`),
        )
      : undefined;
    return {
      rows: t.rows,
      columns: t.columns,
      cells: released.cells.map((c, j) => ({
        row: c.key.row,
        column: c.key.column,
        count: c.count.suppressed ? null : noisy ? noisy[j]! : c.count.value,
        ...withheldCount(c.count),
      })),
    };
  });

  const rates = input.rates.map((r, k) => {
    const byGroup = groupRows(m.n, (i) => categoryOf(m, r.by, i));
    const groups = domain(r.by).map((g) => [g, byGroup.get(g) ?? []] as const);
    const hidden = m.n - groups.reduce((a, [, rows]) => a + rows.length, 0);
    const released = releasePartition(
      ctx.release,
      (g) => `descriptive:rates[${k}]:${g}`,
      groups.map(([g, rows]) => ({ key: g, patients: ids(rows) })),
      policy,
      hidden,
    );
    const numU = ctx.uniform(`rates[${k}]:numerator`);
    const denU = ctx.uniform(`rates[${k}]:denominator`);
    return {
      by: r.by,
      groups: groups.map(([group, rows], j) => {
        const count = released.cells[j]!.count;
        if (count.suppressed) return { group, numerator: null, denominator: null, ...withheldCount(count) };
        const events = rows.filter((i) => m.y[i]! > 0);
        const numerator = rows.reduce((a, i) => a + m.y[i]!, 0);
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
