import { beforeAll, describe, expect, it } from 'vitest';
import type { DescriptiveResult } from '../../src/analytics/algorithms/descriptive/definition.ts';
import { featureSql } from '../../src/analytics/features/feature-sql.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { broadPermit, DESCRIPTIVE, exactN, GLM, statusAt, withNetwork } from './attack-fixture.ts';

/**
 * Two sums over the same patients whose values differ for a few of them: GP encounters in the `d` and in
 * the `d + 1` days before the index date differ only for the patients with a GP encounter on that one
 * day. The patient set behind both means is the same (the set ledger sees a repeat), so before the
 * column ledger both exact means left, and n × (mean(d + 1) − mean(d)) — n from the female indicator's
 * exact mean — was the number of GP encounters of a few patients on one day (194 × (1.118557 − 1.092784)
 * = 5 at one station). The same two columns in a regression's sums read the same few patients.
 */
const population = { indexDate: '2025-01-01', minAge: 18 };
const encounters = (days: number) => ({
  kind: 'encounters' as const,
  name: `gp${days}`,
  setting: 'gp' as const,
  days,
});

describe('attack: sums of GP encounters in the 100 and the 101 days before the index date', () => {
  const net = withNetwork();
  let network: Network;
  let target: { station: NetworkStation; days: number; patients: number; extra: number } | undefined;

  beforeAll(async () => {
    network = net();
    // A station and a window length d whose d and d + 1 day counts differ for 1 … 9 patients, all of
    // whom had an encounter in the d days already: the patients off the most frequent count are the same
    // set for both windows, so the set ledger sees nothing new — only the values differ.
    search: for (let days = 100; days < 400; days++) {
      for (const station of network.stations) {
        const store = station.node!.store;
        const q = featureSql(
          { population, features: [encounters(days), encounters(days + 1)] },
          'research',
          store.dialect,
        );
        const rows = await store.query(q.sql, q.params);
        const differing = rows.filter((r) => Number(r.f0) !== Number(r.f1));
        const freq = new Map<number, number>();
        for (const r of rows) freq.set(Number(r.f0), (freq.get(Number(r.f0)) ?? 0) + 1);
        const mode = [...freq.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
        const sameSet = differing.every((r) => Number(r.f0) !== mode && Number(r.f1) !== mode);
        if (differing.length >= 1 && differing.length < 10 && sameSet) {
          const extra = differing.reduce((a, r) => a + Number(r.f1) - Number(r.f0), 0);
          target = { station, days, patients: differing.length, extra };
          break search;
        }
      }
    }
  });

  it('descriptive: the second window’s mean is withheld, under another permit too, and reveals nothing', async () => {
    expect(target, 'a station and window whose next day adds 1 … 9 patients’ encounters').toBeDefined();
    const { station, days, extra } = target!;
    const input = (d: number) => ({
      population,
      variables: [{ kind: 'sex', name: 'female', value: 'female' }, encounters(d)],
      summaries: [
        { variable: 'female', bins: [-1, 2] },
        { variable: `gp${d}`, bins: [-1, 1e6] },
      ],
    });
    const first = await network.run(await broadPermit(network), DESCRIPTIVE, input(days));
    expect(statusAt(first, station)).toEqual({ status: 'done' });
    const a = (first.result as DescriptiveResult).perStation[station.stationId]!;
    expect(a.summaries[1]!.mean, 'the first window is an honest question').not.toBeNull();
    const second = await network.run(await broadPermit(network), DESCRIPTIVE, input(days + 1));
    expect(statusAt(second, station)).toEqual({ status: 'done' });
    const b = (second.result as DescriptiveResult).perStation[station.stationId]!;
    // What the attacker reads when both means leave: n from the female mean, times their difference.
    const ns = [...exactN(a.n, a.summaries[0]!.mean!), ...exactN(b.n, b.summaries[0]!.mean!)];
    if (b.summaries[1]!.mean !== null && ns.length > 0) {
      const revealed = Math.round(ns[0]! * (b.summaries[1]!.mean - a.summaries[1]!.mean!));
      expect(revealed, 'GP encounters of a few patients on one day').not.toBe(extra);
    }
    expect(b.summaries[1]!.mean).toBeNull();
    expect(b.summaries[1]!.sd).toBeNull();
    // The female indicator is the same column as before: released again, with the same answer.
    expect(b.summaries[0]!.mean).toBe(a.summaries[0]!.mean);
  });

  it('GLM: a fit on the next day’s window is refused before any sum leaves', async () => {
    expect(target).toBeDefined();
    const { station, days } = target!;
    const spec = (d: number) => ({
      spec: {
        population,
        features: [
          { kind: 'age', name: 'ageDecades', centre: 50 } as Record<string, unknown>,
          encounters(d) as Record<string, unknown>,
        ],
        outcome: { kind: 'unplanned-admission', days: 365 },
      },
      family: 'logistic',
    });
    const first = await network.run(await broadPermit(network), GLM, spec(days));
    expect(statusAt(first, station), JSON.stringify(first.rounds[0]?.stations)).toEqual({ status: 'done' });
    // The same columns with age centred elsewhere: a repeat (the ledger compares canonical columns).
    const shifted = spec(days);
    shifted.spec.features[0] = { kind: 'age', name: 'age', centre: 70 };
    const again = await network.run(await broadPermit(network), GLM, shifted);
    expect(statusAt(again, station)).toEqual({ status: 'done' });
    const second = await network.run(await broadPermit(network), GLM, spec(days + 1));
    expect(statusAt(second, station)).toEqual({ status: 'refused', reason: 'disclosure-risk' });
  });
});
