import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../analytics/features/feature-spec.ts';
import { featureSql, populationSql } from '../analytics/features/feature-sql.ts';
import { createPseudonymiser } from '../privacy/pseudonymise/pseudonymiser.ts';
import { defaultIngestDeps, tablesOfViews } from '../station/ingest/default-ingest-deps.ts';
import { ingestFiles } from '../station/ingest/ingest-files.ts';
import { openStation } from '../station/station-dir.ts';
import { openStore } from '../store/open-store.ts';
import { ADMISSION_COEFFICIENTS, type AdmissionFeature } from './admission-model.ts';
import { generatePopulation } from './generate-population.ts';
import { generatePatients } from './patient-generator.ts';

/**
 * The planted admission model must be exactly what the station tables let a model see: for every
 * patient, the features and the outcome the generator used are recomputed from a DuckDB station
 * (ingested from the generated FHIR, pseudonymised) through the same feature SQL the analyses run.
 */
const PURPOSE = 'research';
const OPTIONS = { patients: 400, seed: 77, region: 'Utrecht' } as const;
const FEATURES = Object.keys(ADMISSION_COEFFICIENTS).filter((k) => k !== 'intercept') as AdmissionFeature[];

let root = '';
let spec: ModelSpec;
let rows: Record<string, unknown>[] = [];
let ids: string[] = [];
let secret: Buffer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ai4h-admission-'));
  const fhir = join(root, 'fhir');
  await generatePopulation({ ...OPTIONS, outDir: fhir });
  const truth = JSON.parse(await readFile(join(fhir, 'truth.json'), 'utf8')).admission;
  spec = JSON.parse(
    await readFile(new URL('../../examples/models/unplanned-admission-1y.json', import.meta.url), 'utf8'),
  ) as ModelSpec;
  expect(spec.population.indexDate).toBe(truth.indexDate);
  const st = await openStation(join(root, 'station'), { create: true, name: 'station-admission' });
  secret = st.secret;
  const deps = await defaultIngestDeps(st);
  const store = await openStore(st.location, tablesOfViews(deps.views));
  try {
    await ingestFiles(store, deps, { paths: [fhir] });
    const f = featureSql(spec, PURPOSE);
    rows = await store.query(f.sql, f.params);
    const p = populationSql(spec.population, PURPOSE);
    ids = (await store.query(`SELECT id FROM (${p.sql}) q ORDER BY id`, p.params)).map((r) => String(r.id));
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the planted admission model against the station tables', () => {
  it('gives every patient the same features and outcome both ways', () => {
    const pseudo = createPseudonymiser({ secret });
    const byId = new Map<string, { features: Record<AdmissionFeature, number>; outcome: number }>();
    let objectors = 0;
    for (const g of generatePatients(OPTIONS)) {
      const id = g.resources.Patient[0]?.id;
      if (!id) throw new Error('a generated patient without an id');
      // Objectors to the analysis purpose leave the station's population; nobody else may be missing.
      const objects = g.resources.Consent.some(
        (c) => c.provision?.type === 'deny' && c.provision.purpose?.some((p) => p.code === PURPOSE),
      );
      if (objects) objectors++;
      if (g.facts.admission && !objects) byId.set(pseudo.resourceId('Patient', id), g.facts.admission);
    }
    expect(rows.length).toBe(ids.length);
    expect(objectors).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual([...byId.keys()].sort());
    expect(rows.length).toBeGreaterThan(300);
    const mismatches: string[] = [];
    for (const [i, r] of rows.entries()) {
      const want = byId.get(ids[i]!);
      if (!want) {
        mismatches.push(`row ${i}: in the station population, not in the planted one`);
        continue;
      }
      spec.features.forEach((f, j) => {
        const got = Number(r[`f${j}`]);
        const planted = want.features[f.name as AdmissionFeature];
        if (Math.abs(got - planted) > 1e-9) mismatches.push(`row ${i}: ${f.name} ${got} vs ${planted}`);
      });
      if (Number(r.y) !== want.outcome) mismatches.push(`row ${i}: outcome ${r.y} vs ${want.outcome}`);
    }
    expect(spec.features.map((f) => f.name).sort()).toEqual([...FEATURES].sort());
    expect(mismatches.slice(0, 20), `${mismatches.length} mismatches`).toEqual([]);
  });
});
