import { describe, expect, it } from 'vitest';
import { broadPermit, FEASIBILITY, gp, partialAt, smallOldGroup, withNetwork } from './attack-fixture.ts';

/**
 * "Young" and "old but not the oldest" released, then "everyone": everyone minus the two is the oldest
 * patients (1..9 at some station). The station must withhold "everyone" there (a fresh network(): the
 * ledger of another attack would interfere).
 */
describe('attack: the union of released sub-cohorts', () => {
  const network = withNetwork();

  it('the union of sub-cohorts: "everyone" after "young" and "old but not the oldest" is withheld', async () => {
    const small = await smallOldGroup(network());
    expect(small, 'a station with 1..9 patients at the top ages').toBeDefined();
    const { station, x } = small!;
    const permit = await broadPermit(network());
    const young = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 18, max: 49 }) });
    const old = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 50, max: x - 1 }) });
    expect(partialAt(young, station)?.count.suppressed).toBe(false);
    expect(partialAt(old, station)?.count.suppressed).toBe(false);
    const everyone = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: gp({ min: 18 }),
    });
    expect(partialAt(everyone, station)?.count).toMatchObject({ value: null, reason: 'differencing' });
  });
});
