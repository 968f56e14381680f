import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCE_TYPES } from '../src/synth/patient-generator.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The FHIR files the generator writes, in the order an export would be loaded. */
const RESOURCE_FILES = ['Organization', ...RESOURCE_TYPES];

/**
 * The NDJSON files of a generated population of `patients`, generated into `bench/.data/` the first time
 * (100k patients: ≈ 90 s and 4.6 GB) and reused after that.
 */
export async function benchPopulation(patients: number, seed: number): Promise<string[]> {
  const dir = join(repo, 'bench', '.data', `synth-${patients}-seed${seed}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    console.log(`generating ${patients} patients into bench/.data …`);
    // Imported here so that processes which only ingest load nothing of the generator.
    const { generatePopulation } = await import('../src/synth/index.ts');
    await generatePopulation({ patients, seed, outDir: dir });
  }
  return RESOURCE_FILES.map((t) => join(dir, `${t}.ndjson`)).filter((f) => existsSync(f));
}
