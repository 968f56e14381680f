import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITIONS, ConditionKeys } from './conditions.ts';
import { generatePopulation } from './generate-population.ts';
import { PYRAMID, pyramidShares } from './population-pyramid.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ai4h-synth-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function hashDir(dir: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) h.update(f).update(await readFile(join(dir, f)));
  return h.digest('hex');
}

async function ndjson(dir: string, file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(join(dir, file), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('generatePopulation', () => {
  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const run = async (name: string, seed: number) => {
      const outDir = join(root, name);
      await generatePopulation({ patients: 80, seed, region: 'Zeeland', outDir });
      return hashDir(outDir);
    };
    const a = await run('a', 5);
    expect(await run('b', 5)).toBe(a);
    expect(await run('c', 6)).not.toBe(a);
  });

  it('plants truths that can be recomputed from the files', async () => {
    const outDir = join(root, 'stats');
    const n = 1200;
    const summary = await generatePopulation({ patients: n, seed: 2024, outDir });
    const truth = JSON.parse(await readFile(join(outDir, 'truth.json'), 'utf8'));
    expect(truth.counts).toEqual(summary.counts);

    // biome-ignore lint/suspicious/noExplicitAny: parsed FHIR JSON, read loosely on purpose
    type Any = Record<string, any>;
    const patients = (await ndjson(outDir, 'Patient.ndjson')) as Any[];
    const encounters = (await ndjson(outDir, 'Encounter.ndjson')) as Any[];
    const conditions = (await ndjson(outDir, 'Condition.ndjson')) as Any[];
    expect(patients.length).toBe(n);
    expect(encounters.length).toBe(summary.counts.Encounter);

    // Prevalences: patients with the SNOMED code / all patients.
    for (const key of ConditionKeys) {
      const code = CONDITIONS[key].snomed;
      const withIt = new Set(
        conditions.filter((c) => c.code.coding[0].code === code).map((c) => c.subject.reference),
      );
      expect(truth.prevalence.conditions[key].count).toBe(withIt.size);
    }
    expect(truth.prevalence.conditions.diabetes.prevalence).toBeGreaterThan(0.04);
    expect(truth.prevalence.conditions.diabetes.prevalence).toBeLessThan(0.1);
    expect(truth.prevalence.conditions.hypertension.prevalence).toBeGreaterThan(0.1);

    // Admission outcome: unplanned admissions in the year after the index date, among those alive.
    const index = Date.parse(`${truth.admission.indexDate}T00:00:00Z`);
    const alive = new Set(
      patients
        .filter((p) => !p.deceasedDateTime || Date.parse(p.deceasedDateTime) >= index)
        .map((p) => `Patient/${p.id}`),
    );
    const admitted = new Set(
      encounters
        .filter((e) => {
          const t = Date.parse(e.period.start);
          return (
            e.class.code === 'IMP' &&
            e.priority?.coding[0].code === 'EM' &&
            t >= index &&
            t < index + 365 * 86_400_000
          );
        })
        .map((e) => e.subject.reference),
    );
    expect(truth.admission.atRisk).toBe(alive.size);
    expect(truth.admission.outcomes).toBe(admitted.size);
    const expected = truth.admission.expectedOutcomes;
    expect(Math.abs(admitted.size - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(truth.admission.rate).toBeGreaterThan(0.03);
    expect(truth.admission.rate).toBeLessThan(0.2);

    // Age and sex on the window start against the CBS pyramid (chi-square, 39 degrees of freedom).
    const start = Date.parse(`${truth.generator.startDate}T00:00:00Z`);
    const observed = new Array<number>(PYRAMID.length * 2).fill(0);
    for (const p of patients) {
      const age = Math.floor((start - Date.parse(`${p.birthDate}T00:00:00Z`)) / (365.2425 * 86_400_000));
      const band = Math.min(Math.floor(age / 5), PYRAMID.length - 1);
      const cell = 2 * band + (p.gender === 'male' ? 0 : 1);
      observed[cell] = (observed[cell] ?? 0) + 1;
    }
    const chi2 = pyramidShares().reduce(
      (sum, share, i) => sum + ((observed[i] ?? 0) - share * n) ** 2 / (share * n),
      0,
    );
    expect(chi2).toBeLessThan(80);
    expect(observed[0]).toBe(truth.patients.ageSex.bands[0].male);

    // Intervention: clinic encounters exist only in the clinic's municipality, as many as stated.
    const clinic = encounters.filter((e) => e.type[1].coding[0].code === 'neighbourhood-clinic');
    expect(clinic.length).toBe(truth.intervention.realised.intervention.clinicVisits);
    const clinicTown = new Set(
      patients
        .filter((p) => p.address[0].city === truth.intervention.municipality)
        .map((p) => `Patient/${p.id}`),
    );
    expect(clinic.every((e) => clinicTown.has(e.subject.reference))).toBe(true);
    expect(truth.intervention.rateRatio).toBe(0.7);
  });

  it('refuses bad options with a message that says where', async () => {
    await expect(generatePopulation({ patients: 0, seed: 1, outDir: join(root, 'x') })).rejects.toThrow(
      /patients/,
    );
    await expect(
      generatePopulation({ patients: 5, seed: 1, region: 'Atlantis', outDir: join(root, 'x') }),
    ).rejects.toThrow(/--region/);
    await expect(
      generatePopulation({ patients: 5, seed: 1, startDate: '2025-01-01', outDir: join(root, 'x') }),
    ).rejects.toThrow(/two years/);
  });
});
