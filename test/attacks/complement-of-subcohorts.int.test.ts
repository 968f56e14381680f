import { describe, expect, it } from 'vitest';
import { broadPermit, FEASIBILITY, gp, partialAt, smallOldGroup, withNetwork } from './attack-fixture.ts';

/**
 * "Everyone" and "young" released, then "old but not the oldest": everyone without the young, minus the
 * oldest patients (1..9 at some station). The station must withhold it there; "everyone without the
 * young" itself (50+) reveals nothing new and is released.
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
    // Everyone minus the young is released as it is (50+): no small group, the same patients.
    const rest = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 50 }) });
    expect(partialAt(rest, station)?.count.suppressed).toBe(false);
    const oldButNotOldest = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 50, max: x - 1 }) });
    expect(partialAt(oldButNotOldest, station)?.count).toMatchObject({ value: null, reason: 'differencing' });
  });
});
