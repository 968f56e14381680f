import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkStation } from '../network/network-fixture.ts';
import {
  broadPermit,
  cohortAt,
  FEASIBILITY,
  gp,
  partialAt,
  symmetricDifference,
  withNetwork,
} from './attack-fixture.ts';

/**
 * Differencing attacks on cohort counts, through the hub with ordinary researcher permits. Each must be
 * withheld at the station where it would reveal a group of 1..9 patients, or reveal nothing new.
 */
describe('attacks on cohort counts', () => {
  const network = withNetwork();

  it('the dummy code: the same patients asked another way get no number, withheld like a neighbour a few patients away', async () => {
    const codes = ['44054006', '38341003'];
    const plain = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: gp({ min: 18 }, codes),
    });
    const dummy = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: gp({ min: 18 }, [...codes, '000000000']),
    });
    const again = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: { ...gp({ min: 18 }, [...codes].reverse()), name: 'the same, asked again' },
    });
    let released = 0;
    for (const station of network().stations) {
      const first = partialAt(plain, station)?.count;
      if (first?.suppressed) continue;
      released++;
      // A code nobody has leaves the patients as they were: the station withholds the count, as it
      // would for a code that added a few patients, so the answer does not tell "nobody has it".
      expect(partialAt(dummy, station)?.count).toMatchObject({ value: null, reason: 'differencing' });
      // The same question (codes in another order, another name, another permit): the same number.
      expect(partialAt(again, station)?.count).toEqual(first);
    }
    expect(released).toBeGreaterThan(0);
  });

  it('the second-permit neighbour: one year of age more, asked under another permit, is withheld', async () => {
    let found: { station: NetworkStation; min: number } | undefined;
    for (const station of network().stations) {
      const base = await cohortAt(station, gp({ min: 18 }));
      for (let min = 19; min < 40 && !found; min++) {
        const d = symmetricDifference(base, await cohortAt(station, gp({ min })));
        if (d >= 1 && d < 10) found = { station, min };
        if (d >= 10) break;
      }
      if (found) break;
    }
    expect(found, 'a minimum age that removes 1..9 patients somewhere').toBeDefined();
    const first = await network().run(await broadPermit(network()), FEASIBILITY, { cohort: gp({ min: 18 }) });
    expect(partialAt(first, found!.station)?.count.suppressed).toBe(false);
    const second = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: gp({ min: found!.min }),
    });
    expect(partialAt(second, found!.station)?.count).toEqual({
      value: null,
      suppressed: true,
      reason: 'differencing',
    });
  });

  it('property: for random pairs of neighbouring cohorts under separate permits, no two released station counts stand for sets 1..9 apart, and each is its own count rounded', async () => {
    const released: { station: string; set: Set<string> }[] = [];
    const codes = ['44054006', '38341003', '13645005', '84114007', '709044004', '52448006'];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(codes, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 18, max: 90 }),
        fc.constantFrom('age+1', 'age-1', 'dummy', 'code'),
        async (entry, min, change) => {
          const base = gp({ min }, entry);
          const variant =
            change === 'age+1'
              ? gp({ min: min + 1 }, entry)
              : change === 'age-1'
                ? gp({ min: Math.max(0, min - 1) }, entry)
                : change === 'dummy'
                  ? gp({ min }, [...entry, '000000000'])
                  : gp({ min }, [...entry, codes.find((c) => !entry.includes(c)) ?? entry[0]!]);
          for (const cohort of [base, variant]) {
            const run = await network().run(await broadPermit(network()), FEASIBILITY, { cohort });
            for (const station of network().stations) {
              const count = partialAt(run, station)?.count;
              if (!count || count.value === null) continue;
              const set = await cohortAt(station, cohort);
              expect(Math.abs(count.value - set.size)).toBeLessThanOrEqual(2.5);
              for (const r of released.filter((x) => x.station === station.stationId)) {
                const d = symmetricDifference(r.set, set);
                expect(d === 0 || d >= 10, `${station.spec.name}: released sets ${d} apart`).toBe(true);
              }
              released.push({ station: station.stationId, set });
            }
          }
        },
      ),
      { numRuns: 6, seed: 20261206 },
    );
    expect(released.length).toBeGreaterThan(0);
  });
});
