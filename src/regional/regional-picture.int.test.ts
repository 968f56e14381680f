import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/regional-picture/central.ts';
import { definition } from '../analytics/algorithms/regional-picture/definition.ts';
import { local } from '../analytics/algorithms/regional-picture/local.ts';
import { runFederated } from '../analytics/federated-driver.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { loadSynthPatients } from '../analytics/testing/load-synth-patients.ts';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { generatePatients } from '../synth/patient-generator.ts';
import type { RegionalArea } from './combine-regional-picture.ts';

const alg = composeAlgorithm(definition, local, central);
let stations: MemoryStation[] = [];

beforeAll(async () => {
  stations = [];
  for (const [i, region] of ['Utrecht', 'Limburg'].entries()) {
    const st = await memoryStation(`station-${i + 1}`);
    await loadSynthPatients(st.connection, generatePatients({ patients: 1500, seed: 40 + i, region }));
    stations.push(st);
  }
}, 120_000);
afterAll(() => {
  for (const s of stations) s.close();
});

describe('regional picture', () => {
  it('gives persons, use of care per 1,000 and cost per inhabitant per province and year, as the tables hold them', async () => {
    const run = await runFederated(
      alg,
      stations.map((s) => s.context({ purpose: 'public-health' })),
      { level: 'region', years: [2023, 2024] },
    );
    const areas = run.result.areas as RegionalArea[];
    expect(areas.map((a) => `${a.area} ${a.year}`)).toEqual([
      'Limburg 2023',
      'Limburg 2024',
      'Utrecht 2023',
      'Utrecht 2024',
    ]);
    for (const [i, region] of ['Utrecht', 'Limburg'].entries()) {
      const direct = await stations[i]!.context().query(
        `SELECT COUNT(*) AS n, SUM(CASE WHEN e.class_code = 'EMER' THEN 1 ELSE 0 END) AS ed FROM patient p
          LEFT JOIN encounter e ON e.patient_id = p.id AND EXTRACT(YEAR FROM e.start_time) = 2024
          WHERE p.birth_date <= DATE '2024-12-31' AND (p.deceased_date IS NULL OR p.deceased_date >= DATE '2024-01-01')
            AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = p.id AND c.decision = 'deny' AND c.purpose = 'public-health')`,
      );
      const living = async (year: number) =>
        Number(
          (
            await stations[i]!.context().query(
              `SELECT COUNT(*) AS n FROM patient p WHERE p.birth_date <= DATE '${year}-12-31'
                AND (p.deceased_date IS NULL OR p.deceased_date >= DATE '${year}-01-01')
                AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = p.id AND c.decision = 'deny' AND c.purpose = 'public-health')`,
            )
          )[0]!.n,
        );
      // The first year is released whole (rounding 1 at this station); in the next, a cell that differs
      // from last year's by a few people (born, died, turned 18) is withheld by the release ledger.
      expect(areas.find((x) => x.area === region && x.year === 2023)!.persons).toBe(await living(2023));
      const a = areas.find((x) => x.area === region && x.year === 2024)!;
      expect(a.persons).toBeLessThanOrEqual(await living(2024));
      expect(a.persons + a.withheldCells).toBeGreaterThan(0);
      expect(a.share75plus).toBeGreaterThan(0.03);
      expect(a.perThousand['ed-visits']).toBeGreaterThan(0);
      expect(a.costPerInhabitant).toBeGreaterThan(0);
      expect(Number(direct[0]!.ed)).toBeGreaterThan(0);
    }
    // No released cell holds 1..threshold−1 persons or events.
    const { cells } = await alg.local(
      stations[0]!.context({ purpose: 'public-health' }),
      { level: 'municipality', years: [2024] },
      0,
    );
    for (const c of cells) {
      for (const v of [c.persons.value, ...Object.values(c.events).map((e) => e.value)]) {
        expect(v === null || v === 0 || v >= 10).toBe(true);
      }
    }
  });
});
