import { describe, expect, it } from 'vitest';
import type { CombinedCohortResult } from '../../src/analytics/algorithms/cohort/combine-cohort-results.ts';
import { CHARACTERISATION, gp, withNetwork } from './attack-fixture.ts';

/**
 * A withheld cell was listed, an empty cell was not. A characterisation listed an age band × sex or
 * region cell of 1..threshold−1 patients as withheld (`small`) and left a cell of 0 patients out, so every
 * answer told, for each cell, whether it holds no patient or at least one: for a cohort "patients with
 * condition C", whether any man of 90+ at the station has C, or whether any patient with C lives in
 * another province. The combined result (and with it the public transparency register) repeated the cell
 * with `suppressedAt: 1`.
 *
 * What must hold: the cells an answer lists do not depend on the data — every station lists the same
 * cells (a fixed domain: every age band × sex, every province), an empty one shown like a small one, and
 * secondary suppression does not tell an empty withheld cell from a small one.
 * Validation's `suppressed` subgroups still name only the groups that hold patients (not fixed here).
 */
describe('attack: telling an empty cell from a small one', () => {
  const network = withNetwork();
  let result: CombinedCohortResult | undefined;

  it('characterises the GP patients: small cells are listed as withheld', async () => {
    const permit = await network().permit({ algorithms: [CHARACTERISATION] });
    const run = await network().run(permit, CHARACTERISATION, { cohort: gp({ min: 18 }) });
    expect(run.status, run.error).toBe('done');
    result = run.result as CombinedCohortResult;
    expect(result.stations).toHaveLength(network().stations.length);
    const small = result.stations.flatMap(({ result: r }) => [
      ...r.characterisation!.ageSex.filter((c) => c.count.reason === 'small'),
      ...r.characterisation!.regions.filter((c) => c.count.reason === 'small'),
    ]);
    expect(small.length).toBeGreaterThan(0);
  });

  // Before the fix each station listed only the cells that held patients (small ones as withheld): the
  // man of 90+ listed at one station and the woman of 90+ at the two others.
  it('every station lists the same age band × sex cells and regions, empty or not', () => {
    const lists = (pick: (r: NonNullable<typeof result>['stations'][number]['result']) => string[]) =>
      result!.stations.map(({ result: r }) => JSON.stringify(pick(r).sort()));
    const ageSex = lists((r) => r.characterisation!.ageSex.map((c) => `${c.ageBand}/${c.sex}`));
    const regions = lists((r) => r.characterisation!.regions.map((c) => c.region));
    expect(new Set(ageSex).size, ageSex.join('\n')).toBe(1);
    expect(new Set(regions).size, regions.join('\n')).toBe(1);
  });
});
