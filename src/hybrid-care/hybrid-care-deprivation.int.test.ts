import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/hybrid-care/central.ts';
import { definition } from '../analytics/algorithms/hybrid-care/definition.ts';
import { local } from '../analytics/algorithms/hybrid-care/local.ts';
import { runFederated } from '../analytics/federated-driver.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { loadSynthPatients } from '../analytics/testing/load-synth-patients.ts';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { DIGITAL_SHARE_RATIO_Q1_Q5 } from '../synth/neighbourhood-status.ts';
import { generatePatients } from '../synth/patient-generator.ts';
import type { HybridCareYear } from './combine-hybrid-care.ts';
import { HybridCareResultSchema } from './hybrid-care-schemas.ts';

const alg = composeAlgorithm(definition, local, central);
const OPTIONS = { patients: 6000, seed: 71 };
let stations: MemoryStation[];

beforeAll(async () => {
  // Two stations, each half of one national population (the generator's patients by index).
  stations = [await memoryStation('station-a'), await memoryStation('station-b')];
  await loadSynthPatients(stations[0]!.connection, generatePatients(OPTIONS, 0, 3000));
  await loadSynthPatients(stations[1]!.connection, generatePatients(OPTIONS, 3000, 3000));
}, 600_000);
afterAll(() => {
  for (const s of stations) s.close();
});

describe('hybrid care by neighbourhood deprivation and month', () => {
  it('recovers the planted digital-care gradient from the released aggregates, and gives every month', async () => {
    const run = await runFederated(
      alg,
      stations.map((s) => s.context({ purpose: 'policy' })),
      { years: [2024] },
    );
    expect(() => HybridCareResultSchema.parse(run.result)).not.toThrow();
    const [y] = run.result.years as HybridCareYear[];
    // The planted ratio of shares, most vs least deprived quintile (truth.json: 0.6), inside the 95% CI
    // computed from the released counts, and the gradient clearly below 1.
    const g = y!.deprivationGradient!;
    expect(g.low).toBeLessThanOrEqual(DIGITAL_SHARE_RATIO_Q1_Q5);
    expect(g.high).toBeGreaterThanOrEqual(DIGITAL_SHARE_RATIO_Q1_Q5);
    expect(g.high).toBeLessThan(1);
    // Shares rise from the most to the least deprived quintile.
    const shares = y!.byDeprivation.filter((d) => d.group !== 'unknown').map((d) => d.share!);
    expect(shares[0]!).toBeLessThan(shares[4]!);
    // Pathway inclusion by deprivation, age band and sex partitions what was released.
    for (const p of y!.pathways) {
      expect(p.byDeprivation.map((d) => d.group)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'unknown']);
      expect(p.byDeprivation.reduce((s, d) => s + d.patients, 0)).toBeLessThanOrEqual(p.patients);
      expect(p.bySex.reduce((s, d) => s + d.patients, 0)).toBeLessThanOrEqual(p.patients);
    }
    // Twelve months, each as the tables hold it (TEST_POLICY rounds to 1: exact when released).
    expect(y!.months.map((m) => m.month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`),
    );
    let n = 0;
    let v = 0;
    for (const s of stations) {
      const [row] = await s.context().query(
        `SELECT COUNT(DISTINCT e.patient_id) AS n, COUNT(DISTINCT CASE WHEN e.setting = 'virtual' THEN e.patient_id END) AS v
           FROM encounter e JOIN patient p ON p.id = e.patient_id
          WHERE e.setting IN ('gp', 'outpatient', 'virtual') AND e.start_time >= TIMESTAMP '2024-03-01' AND e.start_time < TIMESTAMP '2024-04-01'
            AND p.birth_date IS NOT NULL AND p.region IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = e.patient_id AND c.decision = 'deny' AND c.purpose = 'policy')`,
      );
      n += Number(row!.n);
      v += Number(row!.v);
    }
    const march = y!.months.find((m) => m.month === '2024-03')!;
    // Per province and station some small groups may be withheld: the released sum is at most the truth.
    expect(march.patients).toBeLessThanOrEqual(n);
    expect(march.patients).toBeGreaterThan(0.8 * n);
    expect(march.digitalShare!).toBeCloseTo(v / n, 1);
  }, 600_000);
});
