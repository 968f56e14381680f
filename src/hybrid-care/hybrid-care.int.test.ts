import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../analytics/algorithms/hybrid-care/local.ts';
import { runFederated } from '../analytics/federated-driver.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { loadSynthPatients } from '../analytics/testing/load-synth-patients.ts';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { generatePatients } from '../synth/patient-generator.ts';
import type { HybridCareYear } from './combine-hybrid-care.ts';

const alg = composeAlgorithm(definition, local, central);
let station: MemoryStation;

beforeAll(async () => {
  station = await memoryStation('station-1');
  await loadSynthPatients(
    station.connection,
    generatePatients({ patients: 2000, seed: 61, region: 'Utrecht' }),
  );
}, 120_000);
afterAll(() => station.close());

describe('hybrid care', () => {
  it('gives the share of patients with a virtual contact as the tables hold it, and holds it against the ambitions', async () => {
    const run = await runFederated(alg, [station.context({ purpose: 'policy' })], { years: [2024] });
    const [y] = run.result.years as HybridCareYear[];
    const direct = await station.context().query(
      `SELECT COUNT(DISTINCT e.patient_id) AS n, COUNT(DISTINCT CASE WHEN e.setting = 'virtual' THEN e.patient_id END) AS v
         FROM encounter e
        WHERE e.setting IN ('gp', 'outpatient', 'virtual') AND EXTRACT(YEAR FROM e.start_time) = 2024
          AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = e.patient_id AND c.decision = 'deny' AND c.purpose = 'policy')`,
    );
    expect(y!.year).toBe(2024);
    expect(y!.digitalShare).toBeCloseTo(Number(direct[0]!.v) / Number(direct[0]!.n), 10);
    expect(y!.byRegion).toEqual([
      { region: 'Utrecht', patients: Number(direct[0]!.n), digitalShare: y!.digitalShare },
    ]);
    expect(y!.pathways.map((p) => p.name)).toEqual(['diabetes type 2', 'COPD', 'heart failure']);
    const copd = y!.pathways.find((p) => p.name === 'COPD')!;
    expect(copd.hybrid).toBe(true);
    expect(y!.ambitions.map((a) => a.key)).toEqual(['digitalShare', 'hybridPathways', 'hybridWithInclusion']);
    expect(y!.ambitions[0]!.met).toBe((y!.digitalShare ?? 0) >= 0.1);
    // No released patient count is 1..threshold−1, also by age band and sex.
    const { groups } = await alg.local(station.context({ purpose: 'policy' }), { years: [2024] }, 0);
    const values = groups.flatMap((g) => [
      g.all.patients.value,
      g.all.virtualPatients.value,
      ...g.pathways.flatMap((p) => [
        p.patients.value,
        p.virtualPatients.value,
        ...p.byAgeSex.flatMap((c) => [c.patients.value, c.virtualPatients.value]),
      ]),
    ]);
    for (const v of values) expect(v === null || v === 0 || v >= 10).toBe(true);
  });
});
