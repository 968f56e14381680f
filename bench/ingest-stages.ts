/**
 * Where an ingest spends its CPU, stage by stage. Runs the ingest's stages over the same generated files
 * cumulatively (read → + validate → + pseudonymise → + flatten, with the content hash → + batch), each
 * pass timed on its own, and prints CPU microseconds per resource for each stage (the difference to the
 * pass before; fastest of three passes) next to the read-only pass as the baseline. No store is
 * written; `bench/ingest.ts` measures the whole ingest with its store.
 *
 * Usage: node bin/run-ts.mjs bench/ingest-stages.ts [--patients 2000] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { defaultIngestDeps, tablesOfViews } from '../src/station/ingest/default-ingest-deps.ts';
import { flattenResource, planViews } from '../src/station/ingest/flatten-resource.ts';
import { BatchBuilder } from '../src/store/batch-builder.ts';
import { benchPopulation } from './bench-population.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
  strict: true,
});
const patients = Number(values.patients);
const seed = Number(values.seed);
const files = await benchPopulation(patients, seed);

const deps = await defaultIngestDeps({
  secret: Buffer.alloc(32, 3),
  config: { name: 'bench', backend: 'duckdb', birthDatePolicy: 'month' },
});
const tables = tablesOfViews(deps.views);
const planned = planViews(deps.views);

// flatten includes the content hash over the rows.
const stages = ['read', 'validate', 'pseudonymise', 'flatten', 'batch'] as const;
type Stage = (typeof stages)[number];

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function pass(upTo: Stage): Promise<{ resources: number; cpuMs: number }> {
  const depth = stages.indexOf(upTo);
  const start = cpuMs();
  let resources = 0;
  let batch = new BatchBuilder(tables);
  for await (const item of deps.read(files, { onBytes: () => {} })) {
    if (!item.resource) continue;
    resources++;
    if (depth < 1) continue;
    if (!deps.validate(item.resource, item.where).ok) continue;
    if (depth < 2) continue;
    const safe = deps.pseudonymiser.pseudonymise(item.resource);
    if (depth < 3) continue;
    const entry = flattenResource(safe, planned);
    if (depth < 4) continue;
    batch.add(entry);
    if (batch.size >= 20_000) {
      batch.finish();
      batch = new BatchBuilder(tables);
    }
  }
  batch.finish();
  return { resources, cpuMs: cpuMs() - start };
}

await pass('read'); // warm-up: file cache, JIT
console.log(`${patients} patients, cumulative passes (CPU of this process):`);
let before = 0;
let baseline = 0;
for (const s of stages) {
  // The fastest of three passes: the least disturbed by collections and by other work on the machine.
  let r = await pass(s);
  for (let i = 0; i < 2; i++) {
    const again = await pass(s);
    if (again.cpuMs < r.cpuMs) r = again;
  }
  const perResource = (r.cpuMs * 1000) / r.resources;
  if (s === 'read') baseline = perResource;
  console.log(
    `${`+ ${s}`.padEnd(16)} ${String(r.resources).padStart(8)} res  ${perResource.toFixed(1).padStart(6)} µs/res total  ` +
      `${(perResource - before).toFixed(1).padStart(6)} µs/res this stage  ${(perResource / baseline).toFixed(2)}× read  ` +
      `${Math.round(1e6 / perResource)} res per CPU-s`,
  );
  before = perResource;
}
