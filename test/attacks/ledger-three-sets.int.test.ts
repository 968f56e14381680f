import { describe, expect, it } from 'vitest';
import { ReleaseLedger } from '../../src/privacy/disclosure/release-ledger.ts';
import {
  broadPermit,
  cohortAt,
  FEASIBILITY,
  gp,
  partialAt,
  smallOldGroup,
  withNetwork,
} from './attack-fixture.ts';

/**
 * Three (or more) released answers at once. Three disjoint age bands are released, each large; then
 * "everyone": everyone minus the three bands is the oldest patients (1..9 at some station). The ledger
 * used to check one and two earlier sets only, so each of the four answers passed and the sum told how
 * many patients are at the top ages. The station must withhold "everyone" there, and withhold the exact
 * union of the three bands asked by another question just the same (else whether it is answered tells 0
 * from a few: "Refusals that tell").
 */
describe('attack: differencing through three earlier releases', () => {
  const network = withNetwork();

  it('"everyone" after three disjoint age bands that leave out the oldest is withheld', async () => {
    const small = await smallOldGroup(network());
    expect(small, 'a station with 1..9 patients at the top ages').toBeDefined();
    const { station, x } = small!;
    const bands = [gp({ min: 18, max: 39 }), gp({ min: 40, max: 59 }), gp({ min: 60, max: x - 1 })];
    // The attack needs three bands the station answers on their own (each at least the threshold).
    for (const band of bands) expect((await cohortAt(station, band)).size).toBeGreaterThanOrEqual(10);
    const permit = await broadPermit(network());
    for (const cohort of bands) {
      const run = await network().run(permit, FEASIBILITY, { cohort });
      expect(partialAt(run, station)?.count.suppressed).toBe(false);
    }
    const everyone = await network().run(await broadPermit(network()), FEASIBILITY, {
      cohort: gp({ min: 18 }),
    });
    expect(partialAt(everyone, station)?.count).toMatchObject({ value: null, reason: 'differencing' });
    // Exactly the three bands together, asked as a question of its own: withheld alike.
    const exact = await network().run(permit, FEASIBILITY, { cohort: gp({ min: 18, max: x - 1 }) });
    expect(partialAt(exact, station)?.count).toEqual(partialAt(everyone, station)?.count);
  });
});

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `p${from + i}`);
const byLabel = (label: string) => label;

describe('attack: three earlier sets, at the ledger', () => {
  it('a set that is three disjoint earlier sets together, give or take a few, is withheld', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, byLabel);
    expect(g.admit('18-39', ids(0, 300))).toBe(true);
    expect(g.admit('40-59', ids(300, 600))).toBe(true);
    expect(g.admit('60-79', ids(600, 997))).toBe(true);
    g.commit();
    const h = await ledger.begin('u', 10, byLabel);
    // Everyone: the three bands plus the 3 oldest.
    expect(h.admit('18+', ids(0, 1000))).toBe(false);
    // Everyone below 80 except 2: the three bands minus 2.
    expect(h.admit('18-79 without 2', ids(2, 997))).toBe(false);
    // Exactly the three bands, by another question: withheld like a few more or fewer.
    expect(h.admit('18-79', ids(0, 997))).toBe(false);
    // Far from any sum of the bands: answered.
    expect(h.admit('18-89 of another practice', ids(0, 1200))).toBe(true);
    h.commit();
  });

  it('an earlier set without several disjoint earlier ones, give or take a few, is withheld', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, byLabel);
    expect(g.admit('everyone', ids(0, 1000))).toBe(true);
    expect(g.admit('40-59', ids(300, 600))).toBe(true);
    expect(g.admit('60-79', ids(600, 997))).toBe(true);
    g.commit();
    const h = await ledger.begin('u', 10, byLabel);
    // 18–39 without 3: everyone − 40–59 − 60–79 − it = the 3 oldest and the 3 left out.
    expect(h.admit('18-39 but 3', ids(0, 297))).toBe(false);
    // Exactly everyone without the two bands and the oldest: withheld.
    expect(h.admit('18-39 and 80+', [...ids(0, 300), ...ids(997, 1000)])).toBe(false);
    h.commit();
  });

  it('the cells of one question and their total are answered together', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, () => 'a table');
    expect(g.admit('total', ids(0, 1000))).toBe(true);
    expect(g.admit('band 1', ids(0, 300))).toBe(true);
    expect(g.admit('band 2', ids(300, 600))).toBe(true);
    expect(g.admit('band 3', ids(600, 850))).toBe(true);
    expect(g.admit('band 4', ids(850, 1000))).toBe(true);
    g.commit();
  });
});
