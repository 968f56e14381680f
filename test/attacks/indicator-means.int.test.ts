import { beforeAll, describe, expect, it } from 'vitest';
import type { DescriptiveResult } from '../../src/analytics/algorithms/descriptive/definition.ts';
import { populationSql } from '../../src/analytics/features/feature-sql.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { broadPermit, DESCRIPTIVE, exactN, populationAt, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * Histogram bins go through the release ledger, but the requester picks the edges: one bin around every
 * value puts the whole population in it, and then only the population's set is checked. The exact mean
 * of a 0/1 variable is its holders' count over n, so two condition indicators — codes {A} held by at
 * least the threshold, and {A, B} — each pass every rule, yet their means differ by the few patients
 * who have B and not A. The female indicator's exact mean pinned n behind the rounded one (exact n 317
 * behind a released 315): means now leave from noised sums, so no n is singled out.
 */
const population = { indexDate: '2025-01-01', minAge: 18 };

describe('attack: the difference of two indicator means in one population', () => {
  const net = withNetwork();
  let network: Network;
  let target: { station: NetworkStation; a: string; b: string; small: number } | undefined;

  beforeAll(async () => {
    network = net();
    for (const station of network.stations) {
      const store = station.node!.store;
      const pop = populationSql(population, 'research', store.dialect);
      const holders = await store.query(
        `SELECT c.code, c.patient_id FROM condition c JOIN (${pop.sql}) pop ON pop.id = c.patient_id
         WHERE c.onset_date < CAST('${population.indexDate}' AS DATE)`,
        pop.params,
      );
      const byCode = new Map<string, Set<string>>();
      for (const r of holders) {
        const set = byCode.get(String(r.code)) ?? new Set<string>();
        set.add(String(r.patient_id));
        byCode.set(String(r.code), set);
      }
      const n = (await store.query(`SELECT count(*) AS n FROM (${pop.sql}) p`, pop.params))[0]!.n;
      for (const [a, as] of byCode) {
        if (as.size < 10 || Number(n) - as.size < 20) continue;
        for (const [b, bs] of byCode) {
          const extra = [...bs].filter((x) => !as.has(x)).length;
          if (b !== a && extra >= 1 && extra < 10) {
            target = { station, a, b, small: extra };
            return;
          }
        }
      }
    }
  });

  it('does not release two indicator means whose holders differ by a small group', async () => {
    expect(target, 'two condition codes whose holders differ by 1 … 9 patients').toBeDefined();
    const { station, a, b, small } = target!;
    const input = {
      population,
      variables: [
        { kind: 'sex', name: 'female', value: 'female' },
        { kind: 'condition', name: 'hasA', codes: [a] },
        { kind: 'condition', name: 'hasAorB', codes: [a, b] },
      ],
      // One bin around all values: the only set behind each histogram is the whole population.
      summaries: ['female', 'hasA', 'hasAorB'].map((variable) => ({ variable, bins: [-1, 2] })),
    };
    const run = await network.run(await broadPermit(network), DESCRIPTIVE, input);
    expect(statusAt(run, station)).toEqual({ status: 'done' });
    const part = (run.result as DescriptiveResult).perStation[station.stationId]!;
    const [female, hasA, hasAorB] = part.summaries;
    const ns = female!.mean === null ? [] : exactN(part.n, female!.mean);
    // Everything released about n (the rounded n, the means) must leave more than one n possible: an
    // exact indicator mean is f / n, and only the exact n among the five rounding allows fits it.
    const exact = (await populationAt(station, population)).size;
    expect(ns, `the n consistent with the released female mean (exact n ${exact})`).not.toEqual([exact]);
    for (const s of [hasA, hasAorB])
      if (s!.mean !== null) expect(exactN(part.n, s!.mean)).not.toEqual([exact]);
    if (hasA!.mean !== null && hasAorB!.mean !== null && ns.length === 1) {
      const revealed = Math.round(ns[0]! * (hasAorB!.mean - hasA!.mean));
      expect(revealed, `patients with ${b} and not ${a}, read from two means`).not.toBe(small);
    }
    // The first indicator is an honest answer; the second, a small group away from it, is withheld.
    expect(female!.mean).not.toBeNull();
    expect(hasA!.mean).not.toBeNull();
    expect(hasAorB!.mean).toBeNull();
    expect(hasAorB!.sd).toBeNull();
  });
});
