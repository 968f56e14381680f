/**
 * Reader throughput against a naive baseline (readFileSync + split + JSON.parse) in the same run.
 * Usage: node bin/run-ts.mjs bench/read-fhir.ts FILE.ndjson...
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFhirFiles } from '../src/fhir/read-fhir-files.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bin/run-ts.mjs bench/read-fhir.ts FILE.ndjson...');
  process.exit(2);
}

function naive(): number {
  let n = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      JSON.parse(line);
      n++;
    }
  }
  return n;
}

async function streaming(): Promise<number> {
  let n = 0;
  for await (const item of readFhirFiles(files)) if (item.resource) n++;
  return n;
}

async function time(label: string, run: () => number | Promise<number>): Promise<number> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const n = await run();
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
  const rate = n / ((used.user + used.system) / 1e6);
  console.log(
    `${label.padEnd(28)} ${n} lines in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} lines/s wall, ` +
      `${Math.round(rate)} lines/s CPU`,
  );
  return rate;
}

// One warm-up of each, then the measured runs.
naive();
await streaming();
const base = await time('naive readFileSync+split', naive);
const ours = await time('readFhirFiles (streaming)', streaming);
console.log(`streaming / naive: ${(ours / base).toFixed(2)}`);
