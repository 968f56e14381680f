import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisclosureRefusal } from '../../src/analytics/disclosure.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import { ReleaseLedger } from '../../src/privacy/disclosure/release-ledger.ts';
import { descriptive as alg, type DescriptivePartial } from './descriptive-algorithm.ts';
import { StationRows } from './station-rows.ts';

/**
 * A histogram's edges are the requester's. Descriptive statistics released an empty bin as 0 and refused
 * the whole answer for a bin of 1 … threshold−1 patients, so with edges [0, x] the open top bin "from x
 * on" answered "nobody is this old" (0) or "a few are" (refused): bisecting x read the oldest patient's
 * age to the day (here a woman born 17 June 1921, among 45 patients aged 50 to 64). The ledger gave the
 * same oracle without a refusal: once the bin [60, 120) years was released, the bin [60, x) was the same
 * patients (answered) when the oldest was younger than x and one patient fewer (refused) when not.
 *
 * What must hold: the answers just below and just above the oldest patient's age are the same, so the
 * bisection learns nothing. Empty and small bins are now withheld alike (secondary suppression as for any
 * partition), and each bin's question is the variable with its two edges, so the same patients reached
 * by another edge are withheld like a few patients more or fewer.
 */
const INDEX = '2025-01-01';
const BIRTH = '1921-06-17';
/** The oldest patient's age on the index date in decades, as the `age` feature computes it. */
const TARGET = (Date.parse(INDEX) - Date.parse(BIRTH)) / 86_400_000 / 365.25 / 10;
const DAY = 1 / 365.25 / 10;

type Answer = DescriptivePartial | 'refused';

describe('attack: bisecting a histogram edge finds the oldest patient’s age', () => {
  let st: MemoryStation;

  beforeAll(async () => {
    st = await memoryStation('station-hb');
    const rows = new StationRows();
    const area = { region: 'Utrecht', municipality: 'Utrecht' };
    // 20 patients aged 50–54 and 25 aged 60–64 (born in different months), and the oldest.
    for (let i = 0; i < 20; i++)
      rows.patient({ id: `y${i}`, birth: `197${i % 5}-0${1 + (i % 9)}-10`, sex: 'male', ...area });
    for (let i = 0; i < 25; i++)
      rows.patient({ id: `o${i}`, birth: `196${1 + (i % 4)}-0${1 + (i % 9)}-20`, sex: 'female', ...area });
    rows.patient({ id: 'target', birth: BIRTH, sex: 'female', ...area });
    await rows.write(st);
  });
  afterAll(() => st.close());

  const ask = async (ledger: ReleaseLedger, bins: number[]): Promise<Answer> => {
    const ctx = st.context({ ledger, disclosure: { threshold: 10, rounding: 5 } });
    const input = {
      population: { indexDate: INDEX },
      variables: [{ kind: 'age' as const, name: 'age', centre: 0 }],
      summaries: [{ variable: 'age', bins }],
    };
    try {
      return (await alg.local(ctx, input, 0)) as DescriptivePartial;
    } catch (e) {
      if (isDisclosureRefusal(e)) return 'refused';
      throw e;
    }
  };

  /** What the attacker reads from an answer: is anyone in the top bin (undefined: cannot tell). */
  const someoneAtTop = (a: Answer): boolean | undefined => {
    if (a === 'refused') return true;
    const top = a.summaries[0]!.counts.at(-1);
    return top === null || top === undefined ? undefined : top > 0;
  };

  /** Bisects the top edge between 9 and 12 decades; the age found, or undefined when an answer told nothing. */
  const bisect = async (ledger: ReleaseLedger, below: number[]): Promise<number | undefined> => {
    let lo = 9;
    let hi = 12;
    while (hi - lo > DAY / 4) {
      const mid = (lo + hi) / 2;
      const seen = someoneAtTop(await ask(ledger, [...below, mid]));
      if (seen === undefined) return undefined;
      if (seen) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  it('an empty top bin does not answer apart from a small one', async () => {
    const ledger = ReleaseLedger.open();
    const justBelow = await ask(ledger, [0, TARGET - DAY]);
    const justAbove = await ask(ledger, [0, TARGET + DAY]);
    const found = await bisect(ledger, [0]);
    if (found !== undefined)
      expect(Math.abs(found - TARGET), 'the oldest age read to the day').toBeGreaterThan(DAY);
    expect(justAbove).toEqual(justBelow);
    // Answered, with n, the mean and the bins (here all withheld: 45 or 46 patients and an empty bin).
    expect(justBelow).not.toBe('refused');
  });

  it('a bin of the same patients asked with another edge does not answer apart from one a patient short', async () => {
    const ledger = ReleaseLedger.open();
    // The bin [60, 120) years is released: the 25 patients of 60–64 and the oldest.
    const first = await ask(ledger, [0, 6, 12]);
    expect(first).not.toBe('refused');
    // The top bin of the attack's questions is handled as above; the ledger's oracle is the middle bin.
    const middle = (a: Answer) => (a === 'refused' ? 'refused' : a.summaries[0]!.counts[2]);
    const justBelow = await ask(ledger, [0, 6, TARGET - DAY]);
    const justAbove = await ask(ledger, [0, 6, TARGET + DAY]);
    expect(middle(justAbove)).toEqual(middle(justBelow));
    expect(justAbove).toEqual(justBelow);
    // Answered (n and the mean), every bin withheld: [0, 60) is exactly the population without the
    // released [60, 120), another question's set, so it is withheld like one a few patients off.
    expect(justBelow).not.toBe('refused');
    expect((justBelow as DescriptivePartial).n).toBe(45);
    expect((justBelow as DescriptivePartial).summaries[0]!.counts).toEqual([null, null, null, null]);
  });
});
