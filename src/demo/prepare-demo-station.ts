import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { terminalProgress } from '../common/index.ts';
import {
  defaultIngestDeps,
  ingestRecorded,
  openStation,
  platformViews,
  tablesOfViews,
} from '../station/index.ts';
import { openStore } from '../store/index.ts';
import { generatePopulation } from '../synth/index.ts';
import type { DemoStationSpec } from './demo-stations.ts';

/**
 * Creates a demo station with its synthetic data the first time (generate → ingest → cluster), and
 * does nothing when the station already holds data. Returns whether it did work.
 */
export async function prepareDemoStation(
  spec: DemoStationSpec,
  dir: string,
  log: (line: string) => void,
): Promise<boolean> {
  const station = await openStation(dir, { create: true, name: spec.name });
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  try {
    if ((await store.batchCount()) > 0) {
      log(`${spec.name}: using the data of an earlier start`);
      return false;
    }
    log(`${spec.name}: no data yet: generating and ingesting it (a few minutes, once)`);
    const synthDir = join(station.dir, 'synthetic-input');
    if (!existsSync(join(synthDir, 'truth.json'))) {
      log(`${spec.name}: generating ${spec.patients} synthetic patients (${spec.province})`);
      await generatePopulation({
        patients: spec.patients,
        seed: spec.seed,
        region: spec.province,
        outDir: synthDir,
        progress: terminalProgress(`${spec.name} generate (patients)`),
      });
    }
    log(`${spec.name}: ingesting`);
    // The generator also writes truth.json and note-labels.ndjson beside the FHIR files: not for the store.
    const fhirFiles = (await readdir(synthDir))
      .filter((f) => f.endsWith('.ndjson') && f !== 'note-labels.ndjson')
      .map((f) => join(synthDir, f));
    const summary = await ingestRecorded(
      store,
      await defaultIngestDeps(station),
      { paths: fhirFiles, progress: terminalProgress(`${spec.name} ingest`, { unit: 'bytes' }) },
      { dir: station.dir, name: station.config.name },
    );
    const stored = Object.values(summary.resources).reduce((a, b) => a + b, 0);
    log(
      `${spec.name}: stored ${stored} resources in ${summary.seconds.toFixed(1)} s (${summary.rejected} rejected)`,
    );
    await store.optimize();
    return true;
  } finally {
    await store.close();
  }
}
