/**
 * Ingest throughput and memory. Generates N synthetic patients (cached in bench/.data), then measures in
 * one run: the raw JSON.parse rate of the same files (the ceiling), the store alone (pre-flattened rows
 * through writeBatch), and the full ingest into DuckDB and into PostgreSQL, each ingest in its own child
 * process so its peak RSS is its own. Two sizes show that peak memory does not grow with the input.
 *
 * Each ingest runs once in one thread (`--readers 0`) and once with reader threads (`--readers N`, one per
 * core by default) that read, validate, pseudonymise and flatten while one thread writes the store.
 * DuckDB's memory is capped as `ai4h station ingest` caps it (`--memory-limit`, default 512MB).
 *
 * Usage: node bin/run-ts.mjs bench/ingest.ts [--patients 20000,100000] [--seed 1] [--no-pg] [--readers 0,2]
 *        [--memory-limit 512MB] [--store-resources 500000]
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultIngestDeps, tablesOfViews } from '../src/station/ingest/default-ingest-deps.ts';
import { ingestFiles } from '../src/station/ingest/ingest-files.ts';
import { openStore, type StoreLocation } from '../src/store/open-store.ts';
import type { BatchResource } from '../src/store/station-store.ts';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../src/test-support/postgres.ts';
import { benchPopulation } from './bench-population.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '20000,100000' },
    seed: { type: 'string', default: '1' },
    'no-pg': { type: 'boolean', default: false },
    'store-resources': { type: 'string', default: '500000' },
    child: { type: 'string' },
    location: { type: 'string' },
    readers: { type: 'string', default: `0,${availableParallelism()}` },
    'memory-limit': { type: 'string', default: '512MB' },
  },
  allowPositionals: true,
  strict: true,
});

interface Measure {
  resources: number;
  seconds: number;
  /** CPU seconds of the process (all threads): on a shared machine the wall clock overstates the cost. */
  cpuSeconds: number;
  maxRssMb: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Child mode: one ingest, then its own numbers as JSON on stdout.
if (values.child) {
  const location = JSON.parse(values.location ?? '{}') as StoreLocation;
  const files = JSON.parse(values.child) as string[];
  const cpu0 = cpuSeconds();
  const deps = await defaultIngestDeps({
    secret: Buffer.alloc(32, 3),
    config: { name: 'bench', backend: location.backend, birthDatePolicy: 'month' },
  });
  const store = await openStore(location, tablesOfViews(deps.views));
  const s = await ingestFiles(store, deps, { paths: files, readers: Number(values.readers) });
  await store.close();
  const resources =
    Object.values(s.resources).reduce((a, b) => a + b, 0) +
    Object.values(s.unsupported).reduce((a, b) => a + b, 0);
  const out: Measure & { rejected: number } = {
    resources,
    seconds: s.seconds,
    cpuSeconds: cpuSeconds() - cpu0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rejected: s.rejected,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

const rate = (m: { resources: number; seconds: number }) => Math.round(m.resources / m.seconds);

async function parseCeiling(files: string[]): Promise<Measure> {
  const start = performance.now();
  const cpu0 = cpuSeconds();
  let n = 0;
  for (const f of files) {
    for await (const line of createInterface({
      input: createReadStream(f),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (line.length > 0) {
        JSON.parse(line);
        n++;
      }
    }
  }
  return {
    resources: n,
    seconds: (performance.now() - start) / 1000,
    cpuSeconds: cpuSeconds() - cpu0,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function childIngest(files: string[], location: StoreLocation, readers: number): Promise<Measure> {
  const args = [
    'bin/run-ts.mjs',
    'bench/ingest.ts',
    '--child',
    JSON.stringify(files),
    '--location',
    JSON.stringify(location),
    '--readers',
    String(readers),
  ];
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((ok, fail) =>
    child.on('close', (code) =>
      code === 0 ? ok(JSON.parse(out) as Measure) : fail(new Error(`ingest child exited ${code}`)),
    ),
  );
}

/** The store alone: observation-shaped rows, already flattened, through writeBatch in 20k batches. */
async function storeOnly(location: StoreLocation, n: number): Promise<Measure> {
  const views = tablesOfViews(
    (
      await defaultIngestDeps({
        secret: Buffer.alloc(32),
        config: { name: 'b', backend: 'duckdb', birthDatePolicy: 'month' },
      })
    ).views,
  );
  const obs = views.find((t) => t.name === 'observation')!;
  const store = await openStore(location, views);
  const start = performance.now();
  const cpu0 = cpuSeconds();
  for (let b = 0; b < n; b += 20_000) {
    const batch: BatchResource[] = [];
    for (let i = b; i < Math.min(n, b + 20_000); i++) {
      const row = obs.columns.map((c) => {
        switch (c.name) {
          case 'id':
            return `obs-${i}`;
          case 'patient_id':
            return `pat-${i % 50_000}`;
          case 'code':
            return ['8480-6', '8462-4', '2339-0', '39156-5'][i % 4];
          case 'value':
            return (i % 200) + 0.5;
          case 'effective_time':
            return '2021-06-01T10:30:00+02:00';
          default:
            return c.type === 'decimal' ? null : 'x';
        }
      });
      batch.push({
        resourceType: 'Observation',
        id: `obs-${i}`,
        contentHash: `h${i}`,
        rows: { observation: [row] },
      });
    }
    await store.writeBatch(batch);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuSeconds() - cpu0;
  await store.close();
  return { resources: n, seconds, cpuSeconds: cpu, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

const fmt = (label: string, m: Measure) =>
  `${label.padEnd(36)} ${String(m.resources).padStart(9)} res  ${m.seconds.toFixed(1).padStart(7)} s  ${String(rate(m)).padStart(8)} res/s  ` +
  `(${String(Math.round(m.resources / m.cpuSeconds)).padStart(7)} res per CPU-s)  peak RSS ${Math.round(m.maxRssMb)} MB`;

const pg = !values['no-pg'] && (await postgresAvailable());
if (!pg) console.log('PostgreSQL ingest skipped (no server or --no-pg).');
const sizes = values.patients
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const readerCounts = values.readers.split(',').map(Number);
const most = Math.max(...readerCounts);
const seed = Number(values.seed);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(
  `load average at the start: ${load()}; reader threads ${readerCounts.join(', ')}; DuckDB memory limit ${values['memory-limit']}`,
);
const peaks: string[] = [];
for (const patients of sizes) {
  const files = await benchPopulation(patients, seed);
  const tmp = await mkdtemp(join(tmpdir(), 'ai4h-bench-ingest-'));
  try {
    console.log(`\n== ${patients} patients ==`);
    const ceiling = await parseCeiling(files);
    console.log(fmt('JSON.parse ceiling (in process)', ceiling));
    const duck = new Map<number, Measure>();
    for (const r of readerCounts) {
      const m = await childIngest(
        files,
        { backend: 'duckdb', path: join(tmp, `bench-${r}.duckdb`), memoryLimit: values['memory-limit'] },
        r,
      );
      duck.set(r, m);
      console.log(fmt(`ingest → DuckDB, ${r} readers`, m));
    }
    let pgm: Measure | undefined;
    if (pg) {
      const schema = await freshSchema('bench_ingest');
      try {
        pgm = await childIngest(files, { backend: 'postgres', url: TEST_PG_URL, schema }, most);
        console.log(fmt(`ingest → PostgreSQL, ${most} readers`, pgm));
      } finally {
        await dropSchema(schema);
      }
    }
    const best = duck.get(most)!;
    console.log(
      `ratio DuckDB / parse ceiling        ${(rate(best) / rate(ceiling)).toFixed(3)} (${most} readers)`,
    );
    if (duck.has(0) && most > 0)
      console.log(
        `ratio ${most} readers / one thread     ${(rate(best) / rate(duck.get(0)!)).toFixed(2)} (DuckDB)`,
      );
    if (pgm)
      console.log(
        `ratio DuckDB / PostgreSQL           ${(rate(best) / rate(pgm)).toFixed(2)} (${most} readers each)`,
      );
    peaks.push(
      `${patients} patients: DuckDB ingest peak RSS ${[...duck].map(([r, m]) => `${Math.round(m.maxRssMb)} MB (${r} readers)`).join(', ')}${pgm ? `; PostgreSQL ${Math.round(pgm.maxRssMb)} MB` : ''}`,
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
console.log(`load average after the ingests: ${load()}`);

console.log('\n== store alone (pre-flattened rows, 20k per batch) ==');
const tmp = await mkdtemp(join(tmpdir(), 'ai4h-bench-store-'));
console.log(
  fmt(
    'writeBatch → DuckDB',
    await storeOnly({ backend: 'duckdb', path: join(tmp, 's.duckdb') }, Number(values['store-resources'])),
  ),
);
if (pg) {
  const schema = await freshSchema('bench_store');
  console.log(
    fmt(
      'writeBatch → PostgreSQL',
      await storeOnly({ backend: 'postgres', url: TEST_PG_URL, schema }, Number(values['store-resources'])),
    ),
  );
  await dropSchema(schema);
}
await rm(tmp, { recursive: true, force: true });
console.log(`\n== peak memory by input size ==\n${peaks.join('\n')}`);
