import { RoaringBitmap32 } from '../../privacy/disclosure/roaring.ts';
import type { LocalContext } from '../algorithm.ts';
import { disclosureRisk } from '../disclosure.ts';
import { FEW_VALUES } from './check-design.ts';
import type { FeatureMatrix } from './feature-matrix.ts';

/** A column of few values, coded per row by the rank of its value (0 = the smallest). */
export interface CodedColumn {
  /** How refusals name it: `features[k]` or `outcome`, never a value. */
  field: string;
  codes: Uint8Array;
  levels: number;
}

/** The column coded by value rank when it takes 2 … {@link FEW_VALUES} distinct values; undefined otherwise. */
function coded(field: string, n: number, value: (i: number) => number): CodedColumn | undefined {
  const values: number[] = [];
  const raw = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = value(i);
    let k = values.indexOf(v);
    if (k < 0) {
      if (values.length === FEW_VALUES) return undefined;
      k = values.push(v) - 1;
    }
    raw[i] = k;
  }
  if (values.length < 2) return undefined;
  const rank = values.map((v) => values.filter((w) => w < v).length);
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) codes[i] = rank[raw[i]!]!;
  return { field, codes, levels: values.length };
}

/** What the fit's outcome is: 0/1 (logistic, validation), a count (Poisson), or none to cross. */
export type CrossOutcome = 'binary' | 'count';

/**
 * The cross cells of two few-valued columns are numbers the sums release as well: at round 0 of a
 * logistic fit the information matrix's entry of two 0/1 features is a quarter of the patients holding
 * both, blurred only by the phantom patients' share of it, and with n and the two features' own entries
 * it gives every cell of their 2 × 2 table, "neither" included; the gradient's entry of a 0/1 feature is
 * its holders with the outcome less half its holders. Features of three values, and later rounds (whose
 * weights differ from cell to cell), pin the other cells likewise. So for every pair of features of at
 * most {@link FEW_VALUES} values, and every such feature with a 0/1 outcome (or a count outcome of few
 * values), each cell of their cross table must hold the threshold's patients or none, and each non-empty
 * cell but the most frequent (the population less the others) goes through the release guard as a set,
 * so that two fits whose cells differ by a few patients are refused like two fits whose holders do.
 *
 * An empty cell is allowed: two levels of one categorical (two regions, two sexes) never meet, a
 * condition's code list inside another's never leaves the wider one, and refusing every empty cell
 * would refuse every model with a one-hot categorical. The refusal of a small cell therefore tells that
 * the cell is not empty, as the refusal of a 0/1 feature held by a few already does (one held by none is
 * a constant and passes the level rule). Refusals name the two fields (`features[j] × features[k]`, `features[j] × outcome`), never
 * a value. Cost: one pass over the patients per pair (p(p−1)/2 pairs), and a second for the pairs'
 * sets.
 */
export function requireCrossCells(
  ctx: LocalContext,
  m: FeatureMatrix,
  label: string,
  outcome: CrossOutcome | undefined,
): void {
  const t = ctx.disclosure.threshold;
  const pairs = crossTables(m, outcome);
  for (const { a, b, counts } of pairs)
    for (const c of counts)
      if (c > 0 && c < t)
        throw disclosureRisk(
          b.field === 'outcome'
            ? 'a feature with few distinct values and the outcome cross in a cell below the minimum cell count'
            : 'two features with few distinct values cross in a cell below the minimum cell count',
          `${a.field} × ${b.field}`,
        );
  // Every cell is large or empty: each non-empty cell but the most frequent is a set the sums release.
  // The pseudonyms are numbered once for all pairs (looking them up per set was most of the time).
  if (pairs.length === 0) return;
  const numbers = ctx.release.numbersOf(m.ids);
  for (const { a, b, counts } of pairs) {
    let largest = 0;
    for (let k = 1; k < counts.length; k++) if (counts[k]! > counts[largest]!) largest = k;
    const cells = Array.from(counts, (c, k) => (c > 0 && k !== largest ? new Uint32Array(c) : undefined));
    const filled = new Uint32Array(counts.length);
    const width = b.levels;
    for (let i = 0; i < m.n; i++) {
      const k = a.codes[i]! * width + b.codes[i]!;
      const cell = cells[k];
      if (cell) cell[filled[k]!++] = numbers[i]!;
    }
    cells.forEach((members, k) => {
      if (!members) return;
      const cell = `level ${Math.floor(k / width) + 1} of ${a.levels} × level ${(k % width) + 1} of ${b.levels}`;
      ctx.release.requireMembers(`${label}:${a.field} × ${b.field} ${cell}`, new RoaringBitmap32(members));
    });
  }
}

/** One pair's cross table: `counts[rank in a × b.levels + rank in b]`. */
export interface CrossTable {
  a: CodedColumn;
  b: CodedColumn;
  counts: Uint32Array;
}

/**
 * The cross tables of every pair of few-valued features, and of each with the outcome when it is crossed
 * and takes few values: one pass over the patients per pair.
 */
export function crossTables(m: FeatureMatrix, outcome: CrossOutcome | undefined): CrossTable[] {
  const columns: CodedColumn[] = [];
  for (let j = 1; j < m.p; j++) {
    const c = coded(`features[${j - 1}]`, m.n, (i) => m.x[i * m.p + j]!);
    if (c) columns.push(c);
  }
  const features = columns.length;
  if (outcome) {
    const y = coded('outcome', m.n, (i) => m.y[i]!);
    if (y) columns.push(y);
  }
  const pairs: CrossTable[] = [];
  for (let a = 0; a < features; a++)
    for (let b = a + 1; b < columns.length; b++) {
      const ca = columns[a]!;
      const cb = columns[b]!;
      const counts = new Uint32Array(ca.levels * cb.levels);
      const la = ca.codes;
      const lb = cb.codes;
      const width = cb.levels;
      for (let i = 0; i < m.n; i++) counts[la[i]! * width + lb[i]!]!++;
      pairs.push({ a: ca, b: cb, counts });
    }
  return pairs;
}
