import { beforeAll, describe, expect, it } from 'vitest';
import type { DescriptiveResult } from '../../src/analytics/algorithms/descriptive/definition.ts';
import type { PopulationSpec } from '../../src/analytics/features/feature-spec.ts';
import { populationSql } from '../../src/analytics/features/feature-sql.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import {
  broadPermit,
  DESCRIPTIVE,
  GLM,
  populationAt,
  statusAt,
  symmetricDifference,
  VALIDATION,
  withNetwork,
} from './attack-fixture.ts';

/**
 * The attack that broke the first build: narrow a population's maximum age step by step until one
 * patient (the oldest at a station) is left out, then subtract the two answers to read that patient's
 * values. Every station must refuse the second question, whatever the algorithm and whatever the permit.
 */
const INDEX = '2025-01-01';
const features = [
  { kind: 'age', name: 'ageDecades', centre: 60 },
  { kind: 'observation', name: 'systolic', code: '8480-6', impute: 130, centre: 130, scale: 20 },
] as const;
const outcome = { kind: 'unplanned-admission', days: 365 } as const;

describe('attack: maximum-age bisection isolates the oldest patients', () => {
  const net = withNetwork();
  let network: Network;
  let target: NetworkStation;
  let everyone: PopulationSpec;
  let allButOldest: PopulationSpec;
  beforeAll(async () => {
    network = net();
    // The station and age cut that leave out exactly one patient: between its two oldest (distinct) ages,
    // at the station with the most outcome events (enough for a regression).
    const sizes = await Promise.all(
      network.stations.map(async (s) => {
        const [row] = await s.node!.store.query(
          "SELECT count(DISTINCT patient_id) AS n FROM encounter WHERE class_code = 'IMP' AND priority = 'EM' " +
            "AND start_time >= CAST('2025-01-01' AS TIMESTAMP) AND start_time < CAST('2026-01-01' AS TIMESTAMP)",
        );
        return Number(row?.n);
      }),
    );
    const bySize = network.stations.map((s, k) => ({ s, n: sizes[k]! })).sort((a, b) => b.n - a.n);
    for (const { s: station } of bySize) {
      const q = populationSql({ indexDate: INDEX }, 'research', station.node!.store.dialect);
      // Birth dates keep the month, so several patients may share the oldest age: they are the group.
      const top = await station.node!.store.query(
        `SELECT age, count(*) AS n FROM (${q.sql}) pop GROUP BY age ORDER BY age DESC LIMIT 2`,
        q.params,
      );
      const ages = top.map((r) => Number(r.age));
      if (ages.length === 2 && Number(top[0]!.n) < 10) {
        target = station;
        everyone = { indexDate: INDEX, maxAge: 130 };
        allButOldest = { indexDate: INDEX, maxAge: (ages[0]! + ages[1]!) / 2 };
        break;
      }
    }
  });

  it('the two populations differ by a small group (the oldest patients) at the target station', async () => {
    expect(target, 'a station whose oldest age is held by fewer than 10 patients').toBeDefined();
    const d = symmetricDifference(
      await populationAt(target, everyone),
      await populationAt(target, allButOldest),
    );
    expect(d).toBeGreaterThanOrEqual(1);
    expect(d).toBeLessThan(10);
  });

  it('descriptive statistics: the second answer is refused, and no released n is exact', async () => {
    const input = (population: PopulationSpec) => ({
      population,
      variables: features,
      outcome,
      summaries: [
        { variable: 'ageDecades', bins: [-10, 10] },
        { variable: 'systolic', bins: [-10, 10] },
      ],
      rates: [{ by: 'sex' }],
    });
    const first = await network.run(await broadPermit(network), DESCRIPTIVE, input(everyone));
    expect(statusAt(first, target)).toEqual({ status: 'done' });
    const result = first.result as DescriptiveResult;
    for (const block of [result.pooled, ...Object.values(result.perStation)]) {
      expect(block.n % 5).toBe(0);
      for (const s of block.summaries) expect(s.n % 5).toBe(0);
    }
    // The narrowed question, under the same permit and under a fresh one: refused at the target.
    for (const permit of [first.provenance.permitId, await broadPermit(network)]) {
      const second = await network.run(permit, DESCRIPTIVE, input(allButOldest));
      expect(statusAt(second, target)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
      const partial = (second.result as DescriptiveResult | undefined)?.perStation[target.stationId];
      expect(partial).toBeUndefined();
    }
  });

  it('GLM: the narrowed population is refused before any sum leaves', async () => {
    const spec = (population: PopulationSpec) => ({
      spec: { population, features, outcome },
      family: 'logistic',
    });
    const permit = await broadPermit(network);
    const first = await network.run(permit, GLM, spec(everyone));
    expect(statusAt(first, target), JSON.stringify(first.rounds[0]?.stations)).toEqual({ status: 'done' });
    const second = await network.run(permit, GLM, spec(allButOldest));
    expect(statusAt(second, target)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });

  it('GLM: coefficients chosen by the requester in round 0 are refused (they could weigh one patient)', async () => {
    const steep = {
      spec: { population: everyone, features, outcome },
      family: 'logistic',
      beta: [-400, 100, 0],
    };
    const run = await network.run(await broadPermit(network), GLM, steep);
    expect(statusAt(run, target)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });

  it('validation: the narrowed population is refused too', async () => {
    const input = (population: PopulationSpec) => ({
      spec: { population, features, outcome },
      coefficients: [-2, 0.3, 0.1],
    });
    const permit = await broadPermit(network);
    const first = await network.run(permit, VALIDATION, input(everyone));
    expect(statusAt(first, target)).toEqual({ status: 'done' });
    const second = await network.run(permit, VALIDATION, input(allButOldest));
    expect(statusAt(second, target)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });
});
