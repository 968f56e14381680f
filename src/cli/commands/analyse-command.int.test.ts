import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ModelSpec } from '../../analytics/index.ts';
import { type AuditEntry, AuditLog, FileAuditStorage } from '../../audit/index.ts';
import { digestJson } from '../../protocol/index.ts';
import {
  AUDIT_FILE,
  defaultIngestDeps,
  ingestFiles,
  loadPolicy,
  openStation,
  savePolicy,
  tablesOfViews,
} from '../../station/index.ts';
import { openStore } from '../../store/index.ts';
import { generatePopulation } from '../../synth/index.ts';
import { buildProgram } from '../main.ts';

/**
 * End to end: the synthetic generator writes FHIR for three regions, each is ingested into its own
 * station folder, and `ai4h analyse glm` recovers the generator's planted admission model.
 */
// ED visits in the prior year take the values 0, 1 and 2 at these stations: a feature of three values is
// refused when a level has fewer patients than the threshold (its count is readable from the sums), and at
// 1,500 patients a station had 8 with two visits; at 2,000 the three stations have 10 to 12 (or a fourth value).
const PATIENTS = 2000;
const REGIONS = ['UT', 'GE', 'ZH'];
let root = '';
const dirs: string[] = [];
let truth: { indexDate: string; coefficients: Record<string, number> };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ai4h-analyse-'));
  for (const [k, region] of REGIONS.entries()) {
    const fhir = join(root, `fhir-${k}`);
    await generatePopulation({ patients: PATIENTS, seed: 500 + k, region, outDir: fhir });
    const dir = join(root, `station-${k}`);
    const st = await openStation(dir, { create: true, name: `station-${region.toLowerCase()}` });
    const deps = await defaultIngestDeps(st);
    const store = await openStore(st.location, tablesOfViews(deps.views));
    try {
      await ingestFiles(store, deps, { paths: [fhir] });
    } finally {
      await store.close();
    }
    dirs.push(dir);
    if (k === 0) truth = JSON.parse(await readFile(join(fhir, 'truth.json'), 'utf8')).admission;
  }
}, 400_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function auditEntries(dir: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const e of new AuditLog(new FileAuditStorage(join(dir, AUDIT_FILE))).entries()) entries.push(e);
  return entries;
}

async function analyse(args: string[]): Promise<unknown> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: unknown) => {
    lines.push(String(s));
  });
  try {
    await buildProgram().parseAsync(['node', 'ai4h', 'analyse', ...args]);
  } finally {
    log.mockRestore();
  }
  return JSON.parse(lines.join('\n'));
}

describe('ai4h analyse over station folders', () => {
  it('recovers the planted admission model of the synthetic generator', async () => {
    const spec: ModelSpec = {
      population: { indexDate: truth.indexDate },
      features: [
        { kind: 'age', name: 'ageDecadesCentred', months: true, centre: 60 },
        { kind: 'sex', name: 'male', value: 'male' },
        { kind: 'condition', name: 'diabetes', codes: ['44054006'] },
        { kind: 'condition', name: 'copd', codes: ['13645005'] },
        { kind: 'condition', name: 'heartFailure', codes: ['84114007'] },
        { kind: 'condition', name: 'ckd', codes: ['709044004'] },
        { kind: 'condition', name: 'dementia', codes: ['52448006'] },
        { kind: 'observation', name: 'hba1cCentred', code: '4548-4', impute: 40, centre: 40, scale: 10 },
        { kind: 'encounters', name: 'edVisitsPriorYear', setting: 'ed', days: 365 },
      ],
      outcome: { kind: 'unplanned-admission', days: 365 },
    };
    const input = join(root, 'glm.json');
    await writeFile(input, JSON.stringify({ spec, family: 'logistic' }));
    // Under the default policy (threshold 10) the stations refuse the planted model: at 2,000 patients
    // two of its conditions (or a condition and the outcome) share a cell of a few patients, which the
    // sums would give away (glm 1.3.0). The refusal names the two fields, never a feature's name.
    await expect(
      analyse(['glm', ...dirs.flatMap((d) => ['--dir', d]), '--input', input, '--json']),
    ).rejects.toThrow(
      /^features\[\d\] × (features\[\d\]|outcome): .*cross in a cell below the minimum cell count/,
    );
    // A steward may allow cells of any size for local use on this synthetic population (threshold 1):
    // then the planted model is recovered.
    const policies = await Promise.all(dirs.map((dir) => loadPolicy(dir)));
    for (const [k, dir] of dirs.entries()) {
      const policy = policies[k]!;
      await savePolicy(dir, { ...policy, disclosure: { ...policy.disclosure, threshold: 1 } });
    }
    type Analysed = {
      stations: string[];
      rounds: number;
      algorithm: { hash: string };
      result: { coefficients: { name: string; estimate: number; se: number }[]; n: number };
    };
    let out: Analysed;
    try {
      out = (await analyse([
        'glm',
        ...dirs.flatMap((d) => ['--dir', d]),
        '--input',
        input,
        '--json',
      ])) as Analysed;
    } finally {
      for (const [k, dir] of dirs.entries()) await savePolicy(dir, policies[k]!);
    }
    expect(out.stations).toEqual(['station-ut', 'station-ge', 'station-zh']);
    expect(out.algorithm.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.rounds).toBeLessThanOrEqual(10);
    const planted = { '(intercept)': truth.coefficients.intercept, ...truth.coefficients };
    expect(out.result.coefficients).toHaveLength(10);
    // The station tables reproduce the planted features and outcomes exactly
    // (src/synth/admission-features.int.test.ts), so the estimates differ from the planted values by
    // sampling error only. With 10 coefficients, each outside its 95% CI with probability 0.05, requiring
    // all 10 inside fails for about 4 in 10 populations; redrawing this population's outcomes from the
    // planted probabilities 300 times gave each coefficient outside its 95% CI in 4.7% of the fits
    // (Wald CIs are calibrated here), all 10 inside in 65%, and this criterion failed in 3%.
    const z = out.result.coefficients.map((c) => ({
      name: c.name,
      z: Math.abs(c.estimate - planted[c.name as keyof typeof planted]!) / c.se,
    }));
    const outside95 = z.filter((c) => c.z > 1.959964).map((c) => c.name);
    expect(outside95.length, `outside the 95% CI: ${outside95.join(', ')}`).toBeLessThanOrEqual(2);
    for (const c of z) expect(c.z, `${c.name} outside its 99.9% CI`).toBeLessThan(3.290527);

    // Every station's audit chain records the use: who, the algorithm, its data version, what was shown.
    for (const [k, dir] of dirs.entries()) {
      const last = (await auditEntries(dir)).at(-1)!;
      expect(last).toMatchObject({
        actor: `os-user:${userInfo().username}`,
        action: 'data.used-locally',
        subject: (out as unknown as { dataVersions: Record<string, string> }).dataVersions[out.stations[k]!],
        permitId: 'local',
        resultDigest: digestJson(out),
        details: {
          command: 'analyse',
          algorithm: 'glm@1.4.0',
          algorithmHash: out.algorithm.hash,
          inputDigest: digestJson({ spec, family: 'logistic' }),
          purpose: 'research',
          outcome: 'shown',
        },
      });
    }
  });

  it('refuses, with the reason, when a station policy finds the groups too small', async () => {
    const input = join(root, 'desc.json');
    await writeFile(
      input,
      JSON.stringify({
        population: { indexDate: truth.indexDate, minAge: 99 },
        variables: [],
        tables: [{ rows: 'sex', columns: 'region' }],
      }),
    );
    await expect(
      analyse(['descriptive', '--dir', dirs[0]!, '--input', input, '--json']),
    ).rejects.toMatchObject({
      code: 'forbidden',
      details: { reason: 'disclosure-risk' },
    });
    const last = (await auditEntries(dirs[0]!)).at(-1)!;
    expect(last).toMatchObject({
      action: 'data.used-locally',
      details: { command: 'analyse', outcome: 'refused' },
    });
    expect(last.resultDigest).toBeUndefined();
  });
});
