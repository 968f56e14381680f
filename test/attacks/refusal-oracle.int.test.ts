import { beforeAll, describe, expect, it } from 'vitest';
import type { CohortDefinitionInput } from '../../src/cohort/cohort-definition.ts';
import type { Network, NetworkStation } from '../network/network-fixture.ts';
import { broadPermit, cohortAt, FEASIBILITY, gp, partialAt, withNetwork } from './attack-fixture.ts';

/**
 * The differencing refusal as an oracle. A station withholds a count when its patient set differs from
 * an earlier released set by 1..threshold−1 patients, and (before the fix) answered it when the two sets
 * were the same. Whether it answered therefore told the requester whether that difference was 0 or
 * small, for a difference the requester chose:
 *
 * 1. release "GP patients aged 18+ who ever had condition C" (a large, harmless count);
 * 2. ask the same cohort with the maximum age one year below the oldest patient's age M.
 *
 * The second count is answered (the same set, the same number) when the oldest patient does not have C,
 * and withheld when they do. Asked for every condition code, the answers list the diagnoses of one
 * patient — the oldest at the station, whose age M the same oracle gives (the first maximum age at which
 * "GP patients aged 18+" is withheld). Nothing below the threshold was ever released as a number.
 *
 * What must hold: a station's decision to answer or withhold does not depend on whether one patient has a
 * diagnosis. The ledger now keeps the question each set was released for (the cohort's criteria up to
 * the attrition step): the same patients reached by another question are withheld like a small
 * difference, and only the same question asked again is answered again (`docs/decisions/release-ledger.md`).
 */
const withCondition = (code: string, max?: number): CohortDefinitionInput => ({
  ...gp(max === undefined ? { min: 18 } : { min: 18, max }),
  inclusion: [{ event: { domain: 'condition', codes: [code] } }],
});

interface Target {
  station: NetworkStation;
  /** The oldest whole-year age at the GP entry. */
  oldest: number;
  /** A condition code the oldest patients have, and one none of them has (each held by 10+ GP patients). */
  held: string;
  notHeld: string;
}

async function findTarget(network: Network): Promise<Target | undefined> {
  for (const station of network.stations) {
    let oldest: number | undefined;
    let group = new Set<string>();
    for (let a = 110; a >= 80 && oldest === undefined; a--) {
      group = await cohortAt(station, gp({ min: a }));
      if (group.size > 0) oldest = a;
    }
    if (oldest === undefined || group.size >= 10) continue;
    const codes = await station.node!.store.query(
      'SELECT code, count(DISTINCT patient_id) AS n FROM condition GROUP BY code ORDER BY n DESC, code LIMIT 25',
    );
    let held: string | undefined;
    let notHeld: string | undefined;
    for (const r of codes) {
      const code = String(r.code);
      const members = await cohortAt(station, withCondition(code));
      if (members.size < 20) continue;
      const inGroup = [...group].filter((p) => members.has(p)).length;
      if (inGroup > 0 && held === undefined) held = code;
      if (inGroup === 0 && notHeld === undefined) notHeld = code;
    }
    if (held && notHeld) return { station, oldest, held, notHeld };
  }
  return undefined;
}

describe('attack: reading one patient’s diagnoses from which counts a station withholds', () => {
  const net = withNetwork();
  let network: Network;
  let target: Target | undefined;
  beforeAll(async () => {
    network = net();
    target = await findTarget(network);
  });

  it('the oldest patient(s) at a station are a small group with one condition and without another', async () => {
    expect(target, 'a station whose oldest GP patients are fewer than 10').toBeDefined();
    const { station, oldest, held, notHeld } = target!;
    const group = await cohortAt(station, gp({ min: oldest }));
    expect(group.size).toBeGreaterThan(0);
    expect(group.size).toBeLessThan(10);
    const withHeld = await cohortAt(station, withCondition(held));
    const withoutHeld = await cohortAt(station, withCondition(notHeld));
    expect([...group].some((p) => withHeld.has(p))).toBe(true);
    expect([...group].some((p) => withoutHeld.has(p))).toBe(false);
  });

  const outcome: Record<
    string,
    { first?: number | null; neighbourWithheld?: boolean; neighbourReason?: string }
  > = {};
  it('asks each condition cohort, then its neighbour without the oldest age', async () => {
    const { station, oldest, held, notHeld } = target!;
    const permit = await broadPermit(network);
    const answer = async (cohort: CohortDefinitionInput) =>
      partialAt(await network.run(permit, FEASIBILITY, { cohort }), station)?.count;
    for (const code of [held, notHeld]) {
      const first = await answer(withCondition(code));
      expect(first?.suppressed, `the cohort with ${code} is released`).toBe(false);
      const neighbour = await answer(withCondition(code, oldest - 1));
      expect(neighbour, `the neighbour of ${code} has an answer`).toBeDefined();
      outcome[code] = {
        first: first?.value,
        neighbourWithheld: neighbour!.suppressed,
        neighbourReason: neighbour!.reason,
      };
    }
  });

  it('whether a neighbour cohort is answered does not tell whether the oldest patient has a condition', () => {
    const { held, notHeld } = target!;
    expect(Object.keys(outcome)).toHaveLength(2);
    expect(outcome[held]!.neighbourWithheld, JSON.stringify(outcome)).toBe(
      outcome[notHeld]!.neighbourWithheld,
    );
    // Both withheld, for the same reason: neither answer says 0 or "a few".
    expect(outcome[held]!.neighbourReason).toBe('differencing');
    expect(outcome[notHeld]!.neighbourReason).toBe('differencing');
  });

  it('the same cohort asked again, under another permit, gets the same number', async () => {
    const { station, notHeld } = target!;
    const permit = await broadPermit(network);
    const again = partialAt(
      await network.run(permit, FEASIBILITY, { cohort: withCondition(notHeld) }),
      station,
    );
    expect(again?.count).toEqual({ value: outcome[notHeld]!.first, suppressed: false });
  });

  it('the oldest age is not read from the first maximum age at which "GP patients aged 18+" is withheld', async () => {
    const { station, oldest } = target!;
    const permit = await broadPermit(network);
    const answer = async (cohort: CohortDefinitionInput) =>
      partialAt(await network.run(permit, FEASIBILITY, { cohort }), station)?.count;
    expect((await answer(gp({ min: 18 })))?.suppressed).toBe(false);
    // With the oldest patient(s) in the cohort (a maximum at or above their age: the same patients) and
    // without them (a few fewer), the answer is the same: withheld.
    const at = await answer(gp({ min: 18, max: oldest + 1 }));
    const below = await answer(gp({ min: 18, max: oldest - 1 }));
    expect(at).toEqual(below);
    expect(at?.suppressed).toBe(true);
  });
});
