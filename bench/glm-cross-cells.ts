/**
 * What the cross-cell rule of glm 1.3.0 costs (docs/decisions/glm-cross-cells.md).
 *
 * Time: a simulated station (the learning bench's features: age, female, diabetes, SBP, GP visits and
 * extra conditions of 5–25% prevalence, all cross cells large), a federated logistic fit at one station
 * as shipped, and in the same run the cross-cell check alone on the same design: the counting (one pass
 * per pair) and the counting with every rarer cell through a fresh release ledger. Prints the ratio of
 * the fit to the fit without the check (the fit less the check's median time).
 *
 * Refusals (`--demo`): the demo network's three stations (3,000, 5,000 and 2,000 synthetic patients, as
 * `ai4h demo`; built once per machine in the test network cache) and the demo's admission model
 * (examples/models/unplanned-admission-1y.json), its core (unplanned-admission-1y-core.json) and smaller
 * models: per station, whether the design passes and which pairs have a cross cell of 1..threshold−1
 * patients.
 *
 * Usage: node bin/run-ts.mjs bench/glm-cross-cells.ts [--sizes 9x10000,20x100000] [--repeat 5] [--demo] (--sizes "" --demo: refusals only)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LocalContext } from '../src/analytics/algorithm.ts';
import { central } from '../src/analytics/algorithms/glm/central.ts';
import { definition } from '../src/analytics/algorithms/glm/definition.ts';
import { local } from '../src/analytics/algorithms/glm/local.ts';
import type { ModelSpec } from '../src/analytics/features/feature-spec.ts';
import { runFederated } from '../src/analytics/federated-driver.ts';
import { crossTables, requireCrossCells } from '../src/analytics/glm/cross-cells.ts';
import { loadFeatureMatrix } from '../src/analytics/glm/feature-matrix.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { memoryStation, TEST_POLICY } from '../src/analytics/testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../src/analytics/testing/simulate-station.ts';
import { DEMO_STATIONS } from '../src/demo/demo-stations.ts';
import { ReleaseLedger } from '../src/privacy/disclosure/release-ledger.ts';
import { openLocalStation } from '../src/station/runtime/station-context.ts';
import { copyStation } from '../test/network/network-cache.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '9x10000,20x100000' },
    repeat: { type: 'string', default: '5' },
    demo: { type: 'boolean', default: false },
  },
});
const repeat = Number(values.repeat);
const glm = composeAlgorithm(definition, local, central);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const seconds = async (f: () => unknown | Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

for (const size of values.sizes.split(',').filter(Boolean)) {
  const [features, patients] = size.split('x').map(Number) as [number, number];
  const extra = features - 5;
  const beta = [
    -3,
    0.35,
    -0.3,
    0.8,
    0.1,
    0.15,
    ...Array.from({ length: extra }, (_, k) => ((k % 5) - 2) * 0.1),
  ];
  const station = await memoryStation('bench');
  await simulateStation(station.connection, {
    patients,
    seed: 7,
    prefix: 'b-',
    beta,
    extraConditions: extra,
  });
  const spec: ModelSpec = simulationSpec(extra);
  const runState = new Map<string, unknown>();
  const ctx = station.context({ runState, disclosure: { ...TEST_POLICY } });
  const m = await loadFeatureMatrix(ctx, spec);
  const pairs = crossTables(m, 'binary');
  const cells = pairs.reduce((s, p) => s + p.counts.filter((c) => c > 0).length - 1, 0);
  console.log(
    `${features} features × ${patients} patients: ${pairs.length} pairs of few-valued columns (outcome included), ${cells} rarer cells`,
  );
  // The fit as shipped (one station; the feature matrix is read once and kept in the run state).
  const fits: number[] = [];
  let rounds = 0;
  for (let r = 0; r < repeat; r++) {
    for (const key of [...runState.keys()]) if (key.startsWith('glm:')) runState.delete(key);
    fits.push(
      await seconds(async () => {
        rounds = (await runFederated(glm, [ctx], { spec, family: 'logistic' })).rounds;
      }),
    );
  }
  // The check alone on the same design: counting only, and counting with the rarer cells through a ledger.
  const counting: number[] = [];
  const withLedger: number[] = [];
  const stub = {
    disclosure: ctx.disclosure,
    release: { numbersOf: (ids: string[]) => new Uint32Array(ids.length), requireMembers: () => {} },
  } as unknown as LocalContext;
  for (let r = 0; r < repeat; r++) {
    counting.push(await seconds(() => requireCrossCells(stub, m, 'glm', 'binary')));
    const guard = await ReleaseLedger.open().begin('bench', ctx.disclosure.threshold);
    const real = { disclosure: ctx.disclosure, release: guard } as unknown as LocalContext;
    withLedger.push(await seconds(() => requireCrossCells(real, m, 'glm', 'binary')));
    guard.abort();
  }
  const fit = median(fits);
  const check = median(withLedger);
  console.log(
    `  fit (${rounds} rounds, check included): ${fit.toFixed(3)} s; check alone: counting ${median(counting).toFixed(3)} s, with the ledger ${check.toFixed(3)} s`,
  );
  console.log(
    `  ratio fit / fit without the check: ${(fit / (fit - check)).toFixed(3)} (check ${((100 * check) / fit).toFixed(1)}% of the fit)`,
  );
  station.close();
}

if (values.demo) {
  const model = JSON.parse(
    await readFile(new URL('../examples/models/unplanned-admission-1y.json', import.meta.url), 'utf8'),
  ) as ModelSpec;
  const names = (keep: (name: string) => boolean): ModelSpec => ({
    ...model,
    features: model.features.filter((f) => keep(f.name)),
  });
  const models: [string, ModelSpec][] = [
    ['the demo admission model (9 features)', model],
    [
      'the demo core model (without heartFailure, ckd, dementia)',
      names((n) => !['heartFailure', 'ckd', 'dementia'].includes(n)),
    ],
    [
      'age, male, diabetes, hba1c',
      names((n) => ['ageDecadesCentred', 'male', 'diabetes', 'hba1cCentred'].includes(n)),
    ],
    ['age, male, heartFailure', names((n) => ['ageDecadesCentred', 'male', 'heartFailure'].includes(n))],
    ['age, male', names((n) => ['ageDecadesCentred', 'male'].includes(n))],
  ];
  const root = await mkdtemp(join(tmpdir(), 'ai4h-cross-cells-'));
  try {
    for (const s of DEMO_STATIONS) {
      const dir = join(root, s.name);
      await copyStation({ name: s.name, patients: s.patients, seed: s.seed, province: s.province }, dir);
      const station = await openLocalStation(dir, { purpose: 'ai-training', permitId: 'bench' });
      const t = station.context.disclosure.threshold;
      for (const [title, spec] of models) {
        const m = await loadFeatureMatrix({ ...station.context, runState: new Map() }, spec);
        const small = crossTables(m, 'binary')
          .filter(({ counts }) => counts.some((c) => c > 0 && c < t))
          .map(({ a, b }) => {
            const name = (field: string) =>
              field === 'outcome' ? 'outcome' : spec.features[Number(field.slice(9, -1))]!.name;
            return `${name(a.field)}×${name(b.field)}`;
          });
        console.log(
          `${s.name} (${m.n} patients), ${title}: ${small.length === 0 ? 'passes' : `refused, small cells in ${small.join(', ')}`}`,
        );
      }
      await station.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
