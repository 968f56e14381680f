import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFederated } from '../../federated-driver.ts';
import { composeAlgorithm } from '../../local-runner.ts';
import { type MemoryStation, memoryStation } from '../../testing/memory-station.ts';
import { simulateStation, simulationSpec } from '../../testing/simulate-station.ts';
import { central, standardisedDifference } from './central.ts';
import { definition } from './definition.ts';
import { local } from './local.ts';

const representativeness = composeAlgorithm(definition, local, central);
let stations: MemoryStation[] = [];

beforeAll(async () => {
  stations = await Promise.all(['a', 'b'].map((id) => memoryStation(id)));
  for (const [k, s] of stations.entries()) {
    await simulateStation(s.connection, {
      patients: 3000,
      seed: 90 + k,
      prefix: `r${k}-`,
      beta: [-3, 0, 0, 0, 0, 0],
    });
  }
});
afterAll(() => {
  for (const s of stations) s.close();
});

describe('representativeness', () => {
  it('compares shares with the reference and flags the over- and under-represented cells', async () => {
    const run = await runFederated(
      representativeness,
      stations.map((s) => s.context()),
      {
        population: { indexDate: simulationSpec().population.indexDate, minAge: 20 },
      },
    );
    const r = run.result;
    // n is the sum of the released cells: at each station the 90+ cells are empty, withheld like small
    // ones, and the smallest cell is withheld with them (secondary suppression), so that no table minus
    // the other gives a small group.
    expect(r.pooled.n).toBe(r.perStation.a!.n + r.perStation.b!.n);
    expect(6000 - r.pooled.n).toBeGreaterThanOrEqual(2 * 10);
    expect(6000 - r.pooled.n).toBeLessThan(600);
    expect(r.reference.year).toBe(2024);
    // Simulated ages are uniform over 20–90 while the Dutch 80+ are few: 80-89 is over-represented.
    // (Men: at one station the women of 80-89 are its smallest cell, withheld by secondary suppression.)
    const old = r.pooled.ageSex.find((c) => c.ageBand === '80-89' && c.sex === 'male')!;
    expect(old.share).toBeGreaterThan(old.referenceShare);
    expect(old.flagged).toBe(true);
    // Reference shares cover only the bands of the population's age range and sum to 1.
    expect(r.pooled.ageSex.some((c) => c.ageBand === '10-19')).toBe(false);
    expect(r.pooled.ageSex.reduce((a, c) => a + c.referenceShare, 0)).toBeCloseTo(1, 12);
    // Four provinces only: the other eight are absent, hence flagged.
    expect(r.pooled.regions.find((x) => x.region === 'Groningen')!.flagged).toBe(true);
    expect(r.perStation.a!.n).toBeGreaterThan(2700);
  });

  it('standardised difference is 0 for equal shares and antisymmetric', () => {
    expect(standardisedDifference(0.3, 0.3)).toBe(0);
    expect(standardisedDifference(0.2, 0.4)).toBeCloseTo(-standardisedDifference(0.4, 0.2), 15);
  });

  it('withholds every cell below the threshold instead of releasing it', async () => {
    // The population the test above asked about: the same question, so its cells are answered again (a
    // population of another spec with the very same patients would be withheld: a question nobody asked
    // before cannot reach an earlier released set's patients).
    const population = { indexDate: simulationSpec().population.indexDate, minAge: 20 };
    const exact = await representativeness.local(
      stations[0]!.context({ disclosure: { threshold: 1, rounding: 1 } }),
      { population },
      0,
    );
    const threshold = 200;
    const out = await representativeness.local(
      stations[0]!.context({ disclosure: { threshold, rounding: 1 } }),
      { population },
      0,
    );
    const small = exact.ageSex.filter((c) => c.count < threshold);
    expect(small.length).toBeGreaterThan(0);
    expect(out.ageSex).toEqual(exact.ageSex.filter((c) => c.count >= threshold));
    for (const c of [...out.ageSex, ...out.regions]) expect(c.count).toBeGreaterThanOrEqual(threshold);
  });
});
