/**
 * Where an ingest spends its CPU, stage by stage. Runs the ingest's stages over the same generated files
 * cumulatively (read → + validate → + pseudonymise → + flatten, with the content hash → + batch), each
 * pass timed on its own, and prints CPU microseconds per resource for each stage (the difference to the
 * pass before; fastest of three passes) next to the read-only pass as the baseline. No store is
 * written; `bench/ingest.ts` measures the whole ingest with its store.
 *
 * Then the floor: what no implementation of this ingest can leave out, each part measured alone on the
 * same resources (parsing, one HMAC-SHA256 pseudonym per resource, de-identifying the note texts, and the
 * DuckDB store writing the prepared batches, its own threads and final checkpoint included), summed and
 * set against the 20 µs per resource that 50,000 resources/s on one core leaves.
 *
 * Between the two: the read stage with and without `decimalText` (the written text of decimals kept for
 * views that need their precision), alternating in the same run, and how many lines needed the second,
 * lossless parse.
 *
 * Usage: node bin/run-ts.mjs bench/ingest-stages.ts [--patients 2000] [--seed 1] [--no-floor]
 *        [--decimal-files a.ndjson,b.ndjson] (the decimal-text comparison also over these files)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mayLoseDigits } from '../src/fhir/decimal-text.ts';
import { readFhirFiles } from '../src/fhir/read-fhir-files.ts';
import { deidentifyDutchText } from '../src/privacy/deidentify/deidentify-dutch-text.ts';
import { createKeyedHasher } from '../src/privacy/pseudonymise/keyed-hasher.ts';
import { defaultIngestDeps, tablesOfViews } from '../src/station/ingest/default-ingest-deps.ts';
import { flattenResource, planViews } from '../src/station/ingest/flatten-resource.ts';
import { BatchBuilder } from '../src/store/batch-builder.ts';
import { openDuckdbStore } from '../src/store/duckdb-store.ts';
import { benchPopulation } from './bench-population.ts';
import { preparedBatches } from './prepared-batches.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'no-floor': { type: 'boolean', default: false },
    /** More NDJSON files (comma-separated) for the decimal-text comparison, e.g. a Synthea export. */
    'decimal-files': { type: 'string' },
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

/** The read stage alone, through the reader the ingest uses, with or without decimal texts. */
async function readPass(
  paths: string[],
  decimalText: boolean,
): Promise<{ resources: number; cpuMs: number }> {
  const start = cpuMs();
  let resources = 0;
  for await (const item of readFhirFiles(paths, { onBytes: () => {}, decimalText }))
    if (item.resource) resources++;
  return { resources, cpuMs: cpuMs() - start };
}

// The read stage as the ingest runs it (JSON.parse only) against the same read keeping decimal texts, as
// a view that needs decimal precision reads; alternating, fastest of three each.
async function compareDecimalText(label: string, paths: string[]): Promise<void> {
  let plain = Number.POSITIVE_INFINITY;
  let kept = Number.POSITIVE_INFINITY;
  let resources = 0;
  for (let i = 0; i < 3; i++) {
    const a = await readPass(paths, false);
    const b = await readPass(paths, true);
    plain = Math.min(plain, a.cpuMs);
    kept = Math.min(kept, b.cpuMs);
    resources = a.resources;
  }
  let lossless = 0;
  for (const file of paths) {
    for (const line of (await readFile(file, 'utf8')).split('\n'))
      if (line && mayLoseDigits(line)) lossless++;
  }
  const per = (ms: number) => (ms * 1000) / resources;
  console.log(
    `\n${label}: read, JSON.parse only (the ingest)  ${per(plain).toFixed(2).padStart(6)} µs/res\n` +
      `${label}: read, decimal texts kept           ${per(kept).toFixed(2).padStart(6)} µs/res  ` +
      `${(kept / plain).toFixed(3)}× (${lossless} of ${resources} lines parsed a second time, losslessly)`,
  );
}
await compareDecimalText(`${patients} patients`, files);
if (values['decimal-files']) await compareDecimalText('given files', values['decimal-files'].split(','));

if (values['no-floor']) process.exit(0);

/** The fastest of three runs of `work`, in CPU milliseconds of this process (all its threads). */
async function fastest(work: () => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = cpuMs();
    await work();
    best = Math.min(best, cpuMs() - start);
  }
  return best;
}

// What the floor's parts work on, collected in one read: each resource's `Type/id` (its own pseudonym
// is one HMAC that cannot be cached: it is seen once) and the text of every clinical note.
const ownIds: string[] = [];
const notes: string[] = [];
for await (const item of deps.read(files, { onBytes: () => {} })) {
  const r = item.resource;
  if (!r) continue;
  ownIds.push(`${String(r.resourceType)}/${String(r.id)}`);
  if (r.resourceType !== 'DocumentReference' || !Array.isArray(r.content)) continue;
  // As the pseudonymiser reads them: text attachments, decoded.
  for (const c of r.content as { attachment?: { data?: unknown; contentType?: unknown } }[]) {
    const a = c.attachment;
    const type = typeof a?.contentType === 'string' ? a.contentType : 'text/plain';
    if (typeof a?.data === 'string' && /^text\/|json|xml/.test(type))
      notes.push(Buffer.from(a.data, 'base64').toString('utf8'));
  }
}
const n = ownIds.length;
const hash = createKeyedHasher(Buffer.alloc(32, 3));
const hmacMs = await fastest(() => {
  for (const id of ownIds) hash(id, false);
});
const deidMs = await fastest(() => {
  for (const text of notes) deidentifyDutchText(text);
});

// The store alone: the batches of one full pipeline pass, written into a fresh DuckDB file and closed.
const batches = await preparedBatches(deps, tables, files, 20_000);
// Opening and migrating a fresh file is paid once per station, not per resource: left out.
let storeMs = Number.POSITIVE_INFINITY;
for (let i = 0; i < 3; i++) {
  const dir = await mkdtemp(join(tmpdir(), 'ai4h-bench-floor-'));
  const store = await openDuckdbStore({ path: join(dir, 's.duckdb'), tables, memoryLimit: '512MB' });
  await store.migrate();
  const start = cpuMs();
  for (const b of batches) await store.writePrepared(b);
  await store.close();
  storeMs = Math.min(storeMs, cpuMs() - start);
  await rm(dir, { recursive: true, force: true });
}

const us = (ms: number) => (ms * 1000) / n;
const budget = 1e6 / 50_000;
const parts: [string, number][] = [
  ['read + JSON.parse', baseline],
  ['one HMAC-SHA256 per resource', us(hmacMs)],
  [`de-identify ${notes.length} notes`, us(deidMs)],
  ['DuckDB store alone (+ close)', us(storeMs)],
];
const floor = parts.reduce((a, [, v]) => a + v, 0);
console.log(
  `\nfloor of the ingest, each part alone over the same ${n} resources (load average ${loadavg()[0]!.toFixed(1)}):`,
);
for (const [label, v] of parts) console.log(`  ${label.padEnd(32)} ${v.toFixed(1).padStart(6)} µs/res`);
console.log(
  `  ${'sum'.padEnd(32)} ${floor.toFixed(1).padStart(6)} µs/res = ${(floor / budget).toFixed(2)}× the ${budget} µs/res ` +
    `that 50,000 res/s on one core allows; the pipeline above plus the store: ${(before + us(storeMs)).toFixed(1)} µs/res ` +
    `(${Math.round(1e6 / (before + us(storeMs)))} res per CPU-s)`,
);
