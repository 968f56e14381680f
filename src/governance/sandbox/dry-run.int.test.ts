import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxRunSchema } from '../../api/index.ts';
import { dryRun } from './dry-run.ts';
import type { TwinSpec } from './twin-station.ts';

const SPEC = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../examples/models/unplanned-admission-1y.json',
);
const SNOMED = 'http://snomed.info/sct';

/** Two stations as the catalogue shows them: size and condition counts (by patients), nothing more. */
const stations: TwinSpec[] = [
  {
    stationName: 'ziekenhuis-noord',
    region: 'Groningen',
    profile: {
      numberOfUniqueIndividuals: 400,
      codes: [
        { system: SNOMED, code: '44054006', count: 60 },
        { system: SNOMED, code: '13645005', count: 30 },
      ],
    },
  },
  {
    stationName: 'huisartsen-midden',
    region: 'Utrecht',
    profile: { numberOfUniqueIndividuals: 350, codes: [{ system: SNOMED, code: '44054006', count: 25 }] },
  },
];

describe('regulatory sandbox: a dry run on synthetic twins of the stations', () => {
  let work: string;
  let spec: { population: Record<string, unknown>; features: { kind: string; name: string }[] };
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ai4h-sandbox-test-'));
    spec = JSON.parse(await readFile(SPEC, 'utf8'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('passes for a good input, with twins calibrated to the released prevalences, all marked synthetic', async () => {
    // Age and sex: at twins of 400 and 350 patients a condition or ED visits cross the outcome (or each
    // other) in a cell of a few patients, which the stations refuse (glm 1.3.0).
    const small = { ...spec, features: spec.features.filter((f) => ['age', 'sex'].includes(f.kind)) };
    const run = await dryRun(
      {
        algorithm: { name: 'glm' },
        input: { spec: small, family: 'logistic' },
        purpose: 'ai-training',
        stations,
        maxPatients: 400,
      },
      join(work, 'good'),
    );
    expect(SandboxRunSchema.parse(run)).toEqual(run);
    expect(run, JSON.stringify({ ...run, result: undefined })).toMatchObject({
      synthetic: true,
      outcome: 'passed',
    });
    expect(run.stations.map((s) => s.name)).toEqual([
      'synthetic-ziekenhuis-noord',
      'synthetic-huisartsen-midden',
    ]);
    expect(run.stations[0]!.patients).toBe(400);
    const diabetes = run.stations[0]!.calibration.find((c) => c.code === '44054006')!;
    expect(diabetes.released).toBeCloseTo(0.15);
    expect(Math.abs(diabetes.twin - diabetes.released)).toBeLessThan(0.06);
    expect((run.result as { converged: boolean }).converged).toBe(true);
  }, 300_000);

  it('fails, before any real station is asked, for an input the stations would refuse', async () => {
    // A regression on the very oldest: too few patients for a regression at every station.
    const tooFew = await dryRun(
      {
        algorithm: { name: 'glm' },
        input: { spec: { ...spec, population: { ...spec.population, minAge: 104 } }, family: 'logistic' },
        purpose: 'ai-training',
        stations,
        maxPatients: 400,
      },
      join(work, 'refused'),
    );
    expect(tooFew).toMatchObject({ synthetic: true, outcome: 'failed', stage: 'run' });
    expect(tooFew.message).toMatch(/too few patients|refused|below/);
    expect(tooFew.result).toBeUndefined();
    // The full admission model asks for a COPD level no small twin can release: refused as it would be.
    const full = await dryRun(
      {
        algorithm: { name: 'glm' },
        input: { spec, family: 'logistic' },
        purpose: 'ai-training',
        stations,
        maxPatients: 400,
      },
      join(work, 'cells'),
    );
    expect(full).toMatchObject({ outcome: 'failed', stage: 'run' });
    expect(full.stations.map((s) => s.reason)).toContain('disclosure-risk');
    // An input that does not fit the algorithm never reaches a twin.
    const misfit = await dryRun(
      {
        algorithm: { name: 'glm' },
        input: { spec: { features: [] }, family: 'probit' },
        purpose: 'ai-training',
        stations,
      },
      join(work, 'misfit'),
    );
    expect(misfit).toMatchObject({ outcome: 'failed', stage: 'input', stations: [] });
    expect(misfit.message).toContain('family');
  }, 300_000);
});
