/**
 * What the validation's noise costs on the test network (three stations of 400, 250 and 150 synthetic
 * patients, the stations' own disclosure policies): trains the example admission model (the features
 * every station can release) with the federated
 * GLM, validates it through the hub, and prints each station's and the pooled released AUC, calibration
 * slope, calibration-in-the-large and Brier score next to the exact values computed on the rows.
 *
 * Usage: node bin/run-ts.mjs bench/validation-noise.ts
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StationContext } from '../src/analytics/algorithm.ts';
import { type GlmResult, definition as glmDefinition } from '../src/analytics/algorithms/glm/definition.ts';
import {
  type ValidationResult,
  definition as validationDefinition,
} from '../src/analytics/algorithms/validation/definition.ts';
import type { ModelSpec } from '../src/analytics/features/feature-spec.ts';
import { type FeatureMatrix, loadFeatureMatrix } from '../src/analytics/glm/feature-matrix.ts';
import { glmStep } from '../src/analytics/glm/glm-family.ts';
import { newtonUpdate } from '../src/analytics/glm/newton-update.ts';
import { aucWithVariance } from '../src/analytics/validation/exact-auc.ts';
import { startNetwork } from '../test/network/network-fixture.ts';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../examples');
const spec = JSON.parse(
  await readFile(join(EXAMPLES, 'models', 'unplanned-admission-1y.json'), 'utf8'),
) as ModelSpec;
// The test network's stations are small: conditions some hold too few patients of are left out, and so
// are ED visits (0, 1 or 2 in the prior year: at zuid 2 patients had two, a level below the threshold).
const KEEP = new Set(['ageDecadesCentred', 'male', 'hba1cCentred']);
spec.features = spec.features.filter((f) => KEEP.has(f.name));

interface Exact {
  n: number;
  events: number;
  auc: number;
  brier: number;
  citl: number;
  slope: number;
  lp: number[];
  y: number[];
}

function slopeOf(lp: number[], y: number[]): number {
  const x = new Float64Array(lp.length * 2);
  lp.forEach((v, i) => {
    x[2 * i] = 1;
    x[2 * i + 1] = v;
  });
  let ab = [0, 1];
  for (let it = 0; it < 50; it++)
    ab = newtonUpdate(glmStep('logistic', x, Float64Array.from(y), 2, ab), ab).beta;
  return ab[1]!;
}

function exactOf(m: FeatureMatrix, beta: number[]): Exact {
  const lp: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < m.n; i++) {
    let s = 0;
    for (let j = 0; j < m.p; j++) s += m.x[i * m.p + j]! * beta[j]!;
    lp.push(s);
    y.push(m.y[i]!);
  }
  const p = lp.map((v) => 1 / (1 + Math.exp(-v)));
  const n = y.length;
  const events = y.reduce((a, v) => a + v, 0);
  return {
    n,
    events,
    auc: aucWithVariance(lp, y).auc,
    brier: p.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / n,
    citl: events / n - p.reduce((a, v) => a + v, 0) / n,
    slope: slopeOf(lp, y),
    lp,
    y,
  };
}

const network = await startNetwork();
try {
  const glm = { name: glmDefinition.name, version: glmDefinition.version };
  const validation = { name: validationDefinition.name, version: validationDefinition.version };
  const permit = await network.permit({ algorithms: [glm, validation] });
  const trained = await network.run(permit, glm, { spec, family: 'logistic' });
  if (trained.status !== 'done')
    throw new Error(
      `training ended ${trained.status}: ${JSON.stringify(trained.rounds.at(-1)?.stations)} ${JSON.stringify((trained as { error?: unknown }).error)}`,
    );
  const beta = (trained.result as GlmResult).coefficients.map((c) => c.estimate);
  const run = await network.run(permit, validation, { spec, coefficients: beta });
  if (run.status !== 'done') throw new Error(`validation ended ${run.status}`);
  const released = run.result as ValidationResult;

  const exact = new Map<string, Exact>();
  for (const s of network.stations) {
    const store = s.node!.store;
    const ctx = {
      query: (sql: string, params?: readonly unknown[]) => store.query(sql, params),
      dialect: store.dialect,
      purpose: 'research',
      runState: new Map(),
    } as unknown as StationContext;
    exact.set(s.stationId, exactOf(await loadFeatureMatrix(ctx, spec), beta));
  }
  // The pooled figures are over the stations that answered.
  const all = [...exact.entries()].filter(([id]) => released.perStation[id]).map(([, e]) => e);
  const pairs = all.map((e) => e.events * (e.n - e.events));
  const pooledExact = {
    auc: all.reduce((a, e, k) => a + (pairs[k]! / pairs.reduce((x, p) => x + p, 0)) * e.auc, 0),
    brier: all.reduce((a, e) => a + e.brier * e.n, 0) / all.reduce((a, e) => a + e.n, 0),
    citl: all.reduce((a, e) => a + e.citl * e.n, 0) / all.reduce((a, e) => a + e.n, 0),
    slope: slopeOf(
      all.flatMap((e) => e.lp),
      all.flatMap((e) => e.y),
    ),
  };
  const row = (label: string, e: Omit<Exact, 'lp' | 'y' | 'n' | 'events'>, r: ValidationResult['pooled']) => {
    const cells = [
      ['AUC', e.auc, r.auc.estimate],
      ['slope', e.slope, r.calibrationSlope.slope],
      ['CITL', e.citl, r.calibrationInTheLarge.difference],
      ['Brier', e.brier, r.brier],
    ] as const;
    console.log(
      `${label.padEnd(10)} ${cells
        .map(
          ([k, x, y]) =>
            `${k} ${x.toFixed(4)} → ${y.toFixed(4)} (${(y - x >= 0 ? '+' : '') + (y - x).toFixed(4)})`,
        )
        .join('  ')}`,
    );
  };
  console.log('exact → released (difference), example admission model trained on the same network');
  for (const s of network.stations) {
    const e = exact.get(s.stationId)!;
    const r = released.perStation[s.stationId];
    console.log(`${s.spec.name}: n ${e.n}, events ${e.events}${r ? '' : ': refused (too few events)'}`);
    if (r) row(s.spec.name, e, r);
  }
  row('pooled', pooledExact, released.pooled);
  console.log(
    `subgroups released: ${released.subgroups.length}, withheld: ${released.suppressed.length} ` +
      `(${[...new Set(released.suppressed.map((s) => s.reason))].join(', ')})`,
  );
} finally {
  await network.close();
}
