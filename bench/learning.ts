/**
 * Federated logistic regression at scale: 20 features at S stations × N patients each (in-memory DuckDB
 * stations with the station tables), against a pooled in-memory Newton fit on the union in the same run.
 * Prints the size, rounds, seconds of feature extraction (once per station), of the federated rounds,
 * and of the pooled fit, and how far the federated coefficients are from the pooled ones: with the
 * stations' exact model statistics (their policy allows it) and with the default phantom patients
 * (docs/decisions/model-statistics-noise.md).
 *
 * Usage: node bin/run-ts.mjs bench/learning.ts [--patients 1000000] [--stations 3]
 */
import { parseArgs } from 'node:util';
import type { StationContext } from '../src/analytics/algorithm.ts';
import { central } from '../src/analytics/algorithms/glm/central.ts';
import { definition } from '../src/analytics/algorithms/glm/definition.ts';
import { local } from '../src/analytics/algorithms/glm/local.ts';
import { runFederated } from '../src/analytics/federated-driver.ts';
import { loadFeatureMatrix } from '../src/analytics/glm/feature-matrix.ts';
import { glmStep } from '../src/analytics/glm/glm-family.ts';
import { newtonUpdate } from '../src/analytics/glm/newton-update.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { memoryStation, TEST_POLICY } from '../src/analytics/testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../src/analytics/testing/simulate-station.ts';

const { values } = parseArgs({
  options: { patients: { type: 'string', default: '1000000' }, stations: { type: 'string', default: '3' } },
});
const perStation = Number(values.patients);
const nStations = Number(values.stations);
const EXTRA = 15; // 5 base features + 15 conditions = 20 features
const beta = [
  -4,
  0.35,
  -0.3,
  0.8,
  0.1,
  0.15,
  ...Array.from({ length: EXTRA }, (_, k) => ((k % 5) - 2) * 0.1),
];
const spec = simulationSpec(EXTRA);
const secs = (t0: number) => (performance.now() - t0) / 1000;

console.log(
  `learning bench: logistic regression, ${spec.features.length} features, ${nStations} stations × ${perStation} patients`,
);
let t = performance.now();
const stations = await Promise.all(Array.from({ length: nStations }, (_, k) => memoryStation(`s${k}`)));
for (const [k, s] of stations.entries()) {
  await simulateStation(s.connection, {
    patients: perStation,
    seed: 1000 + k,
    prefix: `b${k}-`,
    beta,
    extraConditions: EXTRA,
    ageShift: 2 * k,
  });
}
console.log(`data generation: ${secs(t).toFixed(1)} s (not part of the comparison)`);

const runStates = stations.map(() => new Map<string, unknown>());
const contexts: StationContext[] = stations.map((s, k) =>
  s.context({ runState: runStates[k], disclosure: { ...TEST_POLICY, exactModelStatistics: true } }),
);
const noised: StationContext[] = stations.map((s, k) =>
  s.context({
    runState: runStates[k],
    noise: { secret: new Uint8Array(32).fill(k + 1), dataVersion: 'bench' },
  }),
);
t = performance.now();
const matrices = [];
for (const ctx of contexts) matrices.push(await loadFeatureMatrix(ctx, spec));
const extraction = secs(t);
console.log(`feature extraction (compiled SQL, once per station per run): ${extraction.toFixed(1)} s`);

const glm = composeAlgorithm(definition, local, central);
t = performance.now();
const run = await runFederated(
  glm,
  contexts,
  { spec, family: 'logistic', tolerance: 1e-8 },
  { sequential: true },
);
const federated = secs(t);
console.log(
  `federated: ${run.rounds} rounds, ${federated.toFixed(2)} s (local halves, one station after another: ${run.localSeconds.toFixed(2)} s, central ${run.centralSeconds.toFixed(3)} s)`,
);

t = performance.now();
const p = matrices[0]!.p;
const n = matrices.reduce((a, m) => a + m.n, 0);
const x = new Float64Array(n * p);
const y = new Float64Array(n);
let off = 0;
for (const m of matrices) {
  x.set(m.x, off * p);
  y.set(m.y, off);
  off += m.n;
}
const pooling = secs(t);
t = performance.now();
let b = new Array<number>(p).fill(0);
let iterations = 0;
for (; iterations < 25; iterations++) {
  const u = newtonUpdate(glmStep('logistic', x, y, p, b), b);
  b = u.beta;
  if (u.maxChange < 1e-8) break;
}
const pooled = secs(t);
console.log(
  `pooled in-memory Newton fit: ${iterations + 1} iterations, ${pooled.toFixed(2)} s (copying into one matrix: ${pooling.toFixed(2)} s)`,
);
const fed = run.result.coefficients.map((c) => c.estimate);
const maxRel = Math.max(...fed.map((v, k) => Math.abs(v - b[k]!) / Math.max(1e-12, Math.abs(b[k]!))));
console.log(
  `federated / pooled time: ${(federated / pooled).toFixed(2)}×; exact statistics (station policy): max relative coefficient difference ${maxRel.toExponential(2)}`,
);

// The default: each station's sums carry its phantom patients.
t = performance.now();
const blurred = await runFederated(
  glm,
  noised,
  { spec, family: 'logistic', tolerance: 1e-8 },
  { sequential: true },
);
const blurredSeconds = secs(t);
const est = blurred.result.coefficients;
// Relative error only where the coefficient is not near zero; for every one, the error in standard errors.
const big = est.map((c, k) => ({ c, k })).filter(({ k }) => Math.abs(b[k]!) >= 0.05);
const rel = big.map(({ c, k }) => Math.abs(c.estimate - b[k]!) / Math.abs(b[k]!)).sort((x, y) => x - y);
const inSe = est.map((c, k) => Math.abs(c.estimate - b[k]!) / c.se);
const seRel = est.map(
  (c, k) => Math.abs(c.se - run.result.coefficients[k]!.se) / run.result.coefficients[k]!.se,
);
console.log(
  `phantom patients (default): ${blurred.rounds} rounds, ${blurredSeconds.toFixed(2)} s; relative coefficient difference (${big.length} coefficients with |β| ≥ 0.05): median ${rel[Math.floor(rel.length / 2)]!.toExponential(2)}, max ${rel.at(-1)!.toExponential(2)}; largest difference ${Math.max(...inSe).toFixed(3)} standard errors; SEs within ${(100 * Math.max(...seRel)).toFixed(3)}%`,
);
for (const s of stations) s.close();
