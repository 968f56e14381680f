import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Progress, silentProgress } from '../common/progress.ts';
import { organizationResource } from './fhir-builders.ts';
import { NdjsonSink } from './ndjson-sink.ts';
import { organisationsFor } from './organizations.ts';
import { noteLabels, RESOURCE_TYPES, type SynthResourceType, simulatePatient } from './patient-generator.ts';
import { RecordSerializer } from './record-serializer.ts';
import { type SynthOptions, synthContext } from './synth-context.ts';
import { TruthAccumulator } from './truth.ts';

export interface GeneratePopulationOptions extends SynthOptions {
  /** Directory for the NDJSON files, truth.json and note-labels.ndjson (created when missing). */
  outDir: string;
  progress?: Progress;
}

/** What {@link generatePopulation} wrote. */
export interface SynthSummary {
  readonly outDir: string;
  readonly patients: number;
  /** Resources written per file (resource type), including `Organization`. */
  readonly counts: Readonly<Record<SynthResourceType | 'Organization', number>>;
  readonly noteLabels: number;
  readonly files: readonly string[];
  readonly seconds: number;
  readonly patientsPerSecond: number;
}

/** How often (in patients) the progress bar moves and the writer checks backpressure. */
const BATCH = 200;

/**
 * Writes a synthetic Dutch population as FHIR R4 NDJSON (one file per resource type plus
 * `Organization.ndjson`), `note-labels.ndjson` (identifying spans in each note) and `truth.json` (the
 * planted truths). Streams patient by patient: memory does not grow with the number of patients.
 * The same options give byte-identical files.
 *
 * @example
 * const summary = await generatePopulation({ patients: 1000, seed: 7, region: 'UT', outDir: 'out' });
 * summary.counts.Encounter; // number of encounters written
 */
export async function generatePopulation(options: GeneratePopulationOptions): Promise<SynthSummary> {
  const started = performance.now();
  const ctx = synthContext(options);
  const progress = options.progress ?? silentProgress;
  await mkdir(options.outDir, { recursive: true });

  const sinks = Object.fromEntries(
    RESOURCE_TYPES.map((t) => [t, new NdjsonSink(join(options.outDir, `${t}.ndjson`))]),
  ) as Record<SynthResourceType, NdjsonSink>;
  const labels = new NdjsonSink(join(options.outDir, 'note-labels.ndjson'));
  const truth = new TruthAccumulator(ctx);
  const all = [...Object.values(sinks), labels];
  const serializer = new RecordSerializer(ctx.lastUpdated);
  const emit = (type: SynthResourceType, line: string) => sinks[type].writeLine(line);

  try {
    progress.start(ctx.patients, 'synth');
    for (let i = 0; i < ctx.patients; i++) {
      const record = simulatePatient(ctx, i);
      serializer.write(record, emit);
      for (const n of noteLabels(record)) labels.writeLine(JSON.stringify(n));
      truth.add(record);
      if ((i + 1) % BATCH === 0) {
        progress.update(i + 1);
        for (const s of all) await s.drained();
      }
    }
    progress.update(ctx.patients);
  } finally {
    progress.stop();
    await Promise.all(all.map((s) => s.close()));
  }

  const orgs = organisationsFor(ctx.provinces, ctx.clinic);
  const meta = { lastUpdated: ctx.lastUpdated };
  await writeFile(
    join(options.outDir, 'Organization.ndjson'),
    orgs.map((o) => `${JSON.stringify(organizationResource(o, meta))}\n`).join(''),
  );
  const counts = {
    ...(Object.fromEntries(RESOURCE_TYPES.map((t) => [t, sinks[t].lines])) as Record<
      SynthResourceType,
      number
    >),
    Organization: orgs.length,
  };
  await writeFile(join(options.outDir, 'truth.json'), `${JSON.stringify(truth.toJSON(counts), null, 2)}\n`);

  const seconds = (performance.now() - started) / 1000;
  return {
    outDir: options.outDir,
    patients: ctx.patients,
    counts,
    noteLabels: labels.lines,
    files: [
      ...RESOURCE_TYPES.map((t) => `${t}.ndjson`),
      'Organization.ndjson',
      'note-labels.ndjson',
      'truth.json',
    ],
    seconds,
    patientsPerSecond: ctx.patients / seconds,
  };
}
