import type { StationContext } from '../algorithm.ts';
import type { FeatureSpec } from '../features/feature-spec.ts';
import { featureSql } from '../features/feature-sql.ts';

/** The design matrix of a feature spec at one station, kept in the run state between rounds. */
export interface FeatureMatrix {
  n: number;
  /** Columns: intercept, then the spec's features in order. */
  p: number;
  names: string[];
  /** Row-major n × p. */
  x: Float64Array;
  y: Float64Array;
  /** Per row, the patient's pseudonym (for the station's release ledger; never released). */
  ids: string[];
  /** Per row, for subgroup metrics. */
  sex: string[];
  region: string[];
  age: Float64Array;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/**
 * Runs the compiled feature query once per run and caches the matrix in `ctx.runState`; later rounds
 * reuse it (rows never leave the station's memory).
 */
export async function loadFeatureMatrix(ctx: StationContext, spec: FeatureSpec): Promise<FeatureMatrix> {
  const key = `feature-matrix:${JSON.stringify(spec)}`;
  const cached = ctx.runState.get(key) as FeatureMatrix | undefined;
  if (cached) return cached;
  const q = featureSql(spec, ctx.purpose, ctx.dialect);
  const rows = await ctx.query(q.sql, q.params);
  const p = spec.features.length + 1;
  const n = rows.length;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const age = new Float64Array(n);
  const sex: string[] = new Array(n);
  const region: string[] = new Array(n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    x[i * p] = 1;
    for (let j = 1; j < p; j++) x[i * p + j] = num(r[`f${j - 1}`]);
    y[i] = num(r.y);
    age[i] = num(r.age);
    sex[i] = String(r.sex ?? 'unknown');
    region[i] = String(r.region ?? 'unknown');
    ids[i] = String(r.pid);
  }
  const m: FeatureMatrix = {
    n,
    p,
    names: ['(intercept)', ...spec.features.map((f) => f.name)],
    x,
    y,
    ids,
    sex,
    region,
    age,
  };
  ctx.runState.set(key, m);
  return m;
}
