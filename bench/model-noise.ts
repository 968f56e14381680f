/**
 * What phantom patients cost a model's accuracy on the demo network (docs/decisions/model-statistics-noise.md):
 * the demo's three synthetic stations (3,000, 5,000 and 2,000 patients, as `ai4h demo`), the demo's
 * admission model (examples/models/unplanned-admission-1y.json, 9 features), fitted federated once with
 * the stations' exact model statistics and then with the default phantom patients under `--keys`
 * different station secrets. Prints each coefficient's exact estimate and SE, and over the keys the
 * median and largest relative difference of the estimate, the difference in standard errors, and the
 * SEs' relative difference. The station populations are built once per machine (test/network cache).
 *
 * Usage: node bin/run-ts.mjs bench/model-noise.ts [--keys 20]
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { StationContext } from '../src/analytics/algorithm.ts';
import { central } from '../src/analytics/algorithms/glm/central.ts';
import { definition, type GlmResult } from '../src/analytics/algorithms/glm/definition.ts';
import { local } from '../src/analytics/algorithms/glm/local.ts';
import { runFederated } from '../src/analytics/federated-driver.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { DEMO_STATIONS } from '../src/demo/demo-stations.ts';
import { type LocalStation, openLocalStation } from '../src/station/runtime/station-context.ts';
import { copyStation } from '../test/network/network-cache.ts';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '20' } } });
const keys = Number(values.keys);
const spec = JSON.parse(
  await readFile(new URL('../examples/models/unplanned-admission-1y.json', import.meta.url), 'utf8'),
);
const glm = composeAlgorithm(definition, local, central);

const root = await mkdtemp(join(tmpdir(), 'ai4h-model-noise-'));
const stations: LocalStation[] = [];
for (const s of DEMO_STATIONS) {
  const t0 = performance.now();
  const dir = join(root, s.name);
  await copyStation({ name: s.name, patients: s.patients, seed: s.seed, province: s.province }, dir);
  stations.push(await openLocalStation(dir, { purpose: 'ai-training', permitId: 'bench' }));
  console.log(`${s.name}: ${s.patients} patients ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
// One run state per station for every fit (the feature matrix is read once); the phantoms are forgotten
// between keys.
const runStates = stations.map(() => new Map<string, unknown>());
const contexts = (change: (c: StationContext, k: number) => Partial<StationContext>) =>
  stations.map((s, k) => {
    for (const key of [...runStates[k]!.keys()]) if (key.startsWith('glm:phantom')) runStates[k]!.delete(key);
    return { ...s.context, runState: runStates[k]!, ...change(s.context, k) };
  });
const fitModel = async (ctxs: StationContext[]): Promise<GlmResult> =>
  (await runFederated(glm, ctxs, { spec, family: 'logistic' })).result;

const exact = await fitModel(
  contexts((c) => ({ disclosure: { ...c.disclosure, exactModelStatistics: true } })),
);
console.log(
  `exact fit (every station's policy allows exact statistics): n ${exact.n}, ${exact.iterations} rounds`,
);
const rel: number[][] = exact.coefficients.map(() => []);
const inSe: number[][] = exact.coefficients.map(() => []);
const seRel: number[][] = exact.coefficients.map(() => []);
for (let k = 0; k < keys; k++) {
  const r = await fitModel(
    contexts((_, s) => ({
      noise: {
        secret: createHash('sha256').update(`bench key ${k} station ${s}`).digest(),
        dataVersion: 'x',
      },
    })),
  );
  r.coefficients.forEach((c, j) => {
    const e = exact.coefficients[j]!;
    rel[j]!.push(Math.abs(c.estimate - e.estimate) / Math.abs(e.estimate));
    inSe[j]!.push(Math.abs(c.estimate - e.estimate) / e.se);
    seRel[j]!.push(Math.abs(c.se - e.se) / e.se);
  });
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const max = (v: number[]) => Math.max(...v);
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
console.log(
  `phantom patients (default), ${keys} station secrets; per coefficient: median / largest over the keys`,
);
console.log(
  `${'coefficient'.padEnd(20)}${'estimate'.padStart(10)}${'SE'.padStart(8)}${'rel. diff.'.padStart(20)}${'diff. in SEs'.padStart(16)}${'SE rel. diff.'.padStart(18)}`,
);
exact.coefficients.forEach((c, j) => {
  console.log(
    `${c.name.padEnd(20)}${c.estimate.toFixed(3).padStart(10)}${c.se.toFixed(3).padStart(8)}` +
      `${`${pct(median(rel[j]!))} / ${pct(max(rel[j]!))}`.padStart(20)}` +
      `${`${median(inSe[j]!).toFixed(2)} / ${max(inSe[j]!).toFixed(2)}`.padStart(16)}` +
      `${`${pct(median(seRel[j]!))} / ${pct(max(seRel[j]!))}`.padStart(18)}`,
  );
});
const all = rel.flat();
console.log(
  `all coefficients: median relative difference ${pct(median(all))}, largest ${pct(max(all))}; median ${median(inSe.flat()).toFixed(2)} SE, largest ${max(inSe.flat()).toFixed(2)} SE`,
);
for (const s of stations) await s.close();
await rm(root, { recursive: true, force: true });
