/**
 * Validation throughput on Synthea-like resources, one core.
 * Usage: node bin/run-ts.mjs bench/validate.ts [FILE_OR_FOLDER...] [--count 100000]
 * Default input: the Synthea NDJSON sample in ../shared/data/external, repeated up to --count resources.
 */
import { join } from 'node:path';
import { readFhirFiles } from '../src/fhir/read-fhir-files.ts';
import { r4Model } from '../src/fhir/validate/r4-model.ts';
import { inspectResource, validateResource } from '../src/fhir/validate/validate-resource.ts';
import { SHARED_EXTERNAL } from '../src/test-support/shared-data.ts';

const args = process.argv.slice(2);
const countAt = args.indexOf('--count');
const count = countAt === -1 ? 100_000 : Number(args[countAt + 1]);
const inputs = args.filter((_, i) => i !== countAt && i !== countAt + 1);
if (inputs.length === 0) inputs.push(join(SHARED_EXTERNAL, 'smart-sample-bulk-fhir-datasets', '10-patients'));

let start = performance.now();
r4Model();
console.log(`model from R4 definitions: ${Math.round(performance.now() - start)} ms`);

const sample: Record<string, unknown>[] = [];
for await (const item of readFhirFiles(inputs)) {
  if (item.resource && typeof item.resource.resourceType === 'string' && !item.where.includes('log.ndjson'))
    sample.push(item.resource);
}
if (sample.length === 0) {
  console.error('no resources found in the input');
  process.exit(1);
}
const resources = Array.from(
  { length: count },
  (_, i) => sample[i % sample.length] as Record<string, unknown>,
);
const bytes = sample.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / sample.length;
console.log(
  `${resources.length} resources (${sample.length} distinct, ${Math.round(bytes)} bytes on average)`,
);

// CPU time as well as wall time: on a shared machine the wall clock mostly measures the neighbours.
function run(label: string, fn: (r: Record<string, unknown>) => unknown): void {
  start = performance.now();
  const cpu = process.cpuUsage();
  for (const r of resources) fn(r);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = used.user / 1e6;
  const us = (cpuSeconds * 1e6) / resources.length;
  console.log(
    `${label.padEnd(20)} ${Math.round(resources.length / seconds)} resources/s wall, ` +
      `${Math.round(resources.length / cpuSeconds)} resources/s CPU (${us.toFixed(2)} µs CPU each)`,
  );
}

run('warm-up', validateResource);
run('validateResource', validateResource);
run('inspectResource', inspectResource);
run('JSON.stringify', JSON.stringify);
