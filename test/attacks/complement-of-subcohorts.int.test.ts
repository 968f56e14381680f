import { describe, expect, it } from 'vitest';
import { broadPermit, FEASIBILITY, gp, partialAt, smallOldGroup, withNetwork } from './attack-fixture.ts';

/**
 * "Everyone" and "young" released, then "old but not the oldest": everyone without the young, minus the
 * oldest patients (1..9 at some station). The station must withhold it there. "Everyone without the
 * young" asked as a cohort of its own (50+) is withheld too: were it answered because it is exactly the
 * two earlier sets combined, and the same question a few patients away withheld, the answers would tell
 * 0 from a few for a combination the requester chose (`refusal-oracle.int.test.ts`).
 */
describe('attack: the complement of released cohorts', () => {
  const network = withNetwork();

  it('the complement: "old but not the oldest" after "everyone" and "young" is withheld', async () => {
    const small = await smallOldGroup(network());
    expect(small, 'a station with 1..9 patients at the top ages').toBeDefined();
    const { station, x } = small!;
    const permit = await broadPermit(network());
    const everyone = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 18 }) });
    const young = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 18, max: 49 }) });
    expect(partialAt(everyone, station)?.count.suppressed).toBe(false);
    expect(partialAt(young, station)?.count.suppressed).toBe(false);
    // Everyone minus the young, asked as its own question (50+): exactly the two earlier sets combined,
    // withheld like "old but not the oldest" (the same combination give or take a few).
    const rest = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 50 }) });
    const oldButNotOldest = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 50, max: x - 1 }) });
    expect(partialAt(oldButNotOldest, station)?.count).toMatchObject({ value: null, reason: 'differencing' });
    expect(partialAt(rest, station)?.count).toEqual(partialAt(oldButNotOldest, station)?.count);
    // "Everyone" asked again: the same number.
    const again = await network().run(await broadPermit(network()), FEASIBILITY, { cohort: gp({ min: 18 }) });
    expect(partialAt(again, station)?.count).toEqual(partialAt(everyone, station)?.count);
  });
});
