/**
 * The DuckDB store alone, on the batches a real ingest prepares: the generated population goes through
 * the ingest pipeline once (read → validate → pseudonymise → flatten → batch, kept in memory), then the
 * same prepared batches are written into a fresh store `--replays` times, each replay under other ids
 * (so every replay adds new resources and the store grows). Per batch size it prints wall time, CPU of
 * this process (DuckDB's threads included) and resources per second, per replay and in all, with the
 * ratio to the first batch size measured in the same run.
 *
 * Usage: node bin/run-ts.mjs bench/store-batches.ts [--patients 10000] [--seed 1] [--replays 2]
 *        [--batch-sizes 20000,130000] [--memory-limit 512MB]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultIngestDeps, tablesOfViews } from '../src/station/ingest/default-ingest-deps.ts';
import type { PreparedBatch } from '../src/store/batch-builder.ts';
import { openDuckdbStore } from '../src/store/duckdb-store.ts';
import { benchPopulation } from './bench-population.ts';
import { preparedBatches } from './prepared-batches.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    replays: { type: 'string', default: '2' },
    'batch-sizes': { type: 'string', default: '20000,130000' },
    'memory-limit': { type: 'string', default: '512MB' },
  },
  strict: true,
});
const files = await benchPopulation(Number(values.patients), Number(values.seed));
const deps = await defaultIngestDeps({
  secret: Buffer.alloc(32, 3),
  config: { name: 'bench', backend: 'duckdb', birthDatePolicy: 'month' },
});
const tables = tablesOfViews(deps.views);
const replays = Number(values.replays);

/** The batch under ids with a suffix: the same rows, other resources. */
function renamed(b: PreparedBatch, suffix: string): PreparedBatch {
  const ids = b.index[1]!.map((x) => `${x}${suffix}`);
  const columns = new Map(
    [...b.columns].map(([t, cols]) => [t, [cols[0]!.map((x) => `${x}${suffix}`), ...cols.slice(1)]]),
  );
  return { ...b, index: [b.index[0]!, ids, ...b.index.slice(2)], columns };
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `${values.patients} patients, ${replays} replays per batch size, DuckDB memory_limit ${values['memory-limit']}; load average ${load}`,
);
let baseline: number | undefined;
for (const size of values['batch-sizes'].split(',').map(Number)) {
  const batches = await preparedBatches(deps, tables, files, size);
  const resources = batches.reduce((a, b) => a + b.index[0]!.length, 0);
  const dir = await mkdtemp(join(tmpdir(), 'ai4h-bench-store-batches-'));
  const store = await openDuckdbStore({
    path: join(dir, 's.duckdb'),
    tables,
    memoryLimit: values['memory-limit'],
  });
  await store.migrate();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < replays; r++) {
    const rt = performance.now();
    const rc = process.cpuUsage();
    for (const b of batches) await store.writePrepared(r === 0 ? b : renamed(b, `-${r}`));
    const ms = performance.now() - rt;
    console.log(
      `  batch ${size}: replay ${r + 1}: ${resources} resources in ${batches.length} batches, ${ms.toFixed(0)} ms wall, ` +
        `${cpuMs(rc).toFixed(0)} ms CPU, ${Math.round((resources * 1000) / ms)} res/s`,
    );
  }
  const wall = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  await store.close();
  await rm(dir, { recursive: true, force: true });
  const perRes = (cpu * 1000) / (resources * replays);
  baseline ??= wall;
  console.log(
    `batch ${size}: ${resources * replays} resources, ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU ` +
      `(${perRes.toFixed(1)} µs/res), ${Math.round((resources * replays * 1000) / wall)} res/s, ` +
      `${(baseline / wall).toFixed(2)}× the first batch size`,
  );
}
