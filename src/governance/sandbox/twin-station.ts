import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CatalogueDataset } from '../../api/index.ts';
import {
  defaultIngestDeps,
  ingestRecorded,
  openStation,
  platformViews,
  tablesOfViews,
} from '../../station/index.ts';
import { openStore } from '../../store/index.ts';
import { generatePopulation } from '../../synth/index.ts';

const SNOMED = 'http://snomed.info/sct';

/** What a twin is calibrated to: the profile a station released in the catalogue. */
export interface TwinSpec {
  /** The real station's name (the twin carries it with a `synthetic:` prefix). */
  stationName: string;
  profile: CatalogueDataset['profile'];
  /** Province of the station's population, when known. */
  region?: string;
}

/** One calibrated code: the prevalence the station released and the twin's. */
export interface CalibrationRow {
  code: string;
  released: number;
  twin: number;
}

export interface TwinStation {
  name: string;
  dir: string;
  patients: number;
  releasedPatients: number | null;
  calibration: CalibrationRow[];
}

/** Patients per SNOMED CT condition code in a generated Condition.ndjson. */
async function conditionPrevalence(dir: string, patients: number): Promise<Map<string, number>> {
  const per = new Map<string, Set<string>>();
  const lines = createInterface({
    input: createReadStream(join(dir, 'Condition.ndjson')),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    if (!line) continue;
    const c = JSON.parse(line) as {
      subject?: { reference?: string };
      code?: { coding?: { system?: string; code?: string }[] };
    };
    const who = c.subject?.reference ?? '';
    for (const coding of c.code?.coding ?? [])
      if (coding.system === SNOMED && coding.code) {
        const s = per.get(coding.code) ?? new Set<string>();
        s.add(who);
        per.set(coding.code, s);
      }
  }
  return new Map([...per].map(([code, s]) => [code, s.size / patients]));
}

/**
 * Builds a synthetic twin of a station: the platform's generator, sized like the station (up to
 * `maxPatients`) and with its condition prevalences scaled to those the station released (a pilot run
 * measures the generator's own prevalences first), ingested into a station folder of its own.
 * Codes the station withheld (small counts) keep the generator's prevalence.
 */
export async function createTwinStation(
  spec: TwinSpec,
  dir: string,
  options: { maxPatients?: number; seed?: number } = {},
): Promise<TwinStation> {
  const released = spec.profile.numberOfUniqueIndividuals ?? null;
  const patients = Math.max(50, Math.min(options.maxPatients ?? 3000, released ?? 1000));
  const seed = options.seed ?? 1;
  const targets = new Map<string, number>();
  if (released)
    for (const c of spec.profile.codes ?? [])
      if (c.system === SNOMED && typeof c.count === 'number') targets.set(c.code, c.count / released);

  const pilotDir = join(dir, 'twin-pilot');
  await generatePopulation({
    patients,
    seed,
    outDir: pilotDir,
    ...(spec.region ? { region: spec.region } : {}),
  });
  const pilot = await conditionPrevalence(pilotDir, patients);
  const conditionScale: Record<string, number> = {};
  for (const [code, target] of targets) {
    const base = pilot.get(code);
    if (base && base > 0) conditionScale[code] = Math.min(20, target / base);
  }
  const inputDir = join(dir, 'twin-input');
  await generatePopulation({
    patients,
    seed,
    outDir: inputDir,
    conditionScale,
    ...(spec.region ? { region: spec.region } : {}),
  });
  const achieved = await conditionPrevalence(inputDir, patients);

  const name = `synthetic-${spec.stationName}`;
  const station = await openStation(join(dir, 'station'), { create: true, name });
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  try {
    const files = (await readdir(inputDir))
      .filter((f) => f.endsWith('.ndjson') && f !== 'note-labels.ndjson')
      .map((f) => join(inputDir, f));
    await ingestRecorded(
      store,
      await defaultIngestDeps(station),
      { paths: files },
      { dir: station.dir, name },
    );
  } finally {
    await store.close();
  }
  return {
    name,
    dir: station.dir,
    patients,
    releasedPatients: released,
    calibration: [...targets]
      .filter(([code]) => conditionScale[code] !== undefined)
      .map(([code, r]) => ({ code, released: r, twin: achieved.get(code) ?? 0 })),
  };
}
