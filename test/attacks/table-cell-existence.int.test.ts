import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDisclosureRefusal } from '../../src/analytics/disclosure.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import { ReleaseLedger } from '../../src/privacy/disclosure/release-ledger.ts';
import {
  descriptive as alg,
  type DescriptiveInput,
  type DescriptivePartial,
} from './descriptive-algorithm.ts';
import { StationRows } from './station-rows.ts';

/**
 * A descriptive cross-table listed the cells that held patients and refused the whole answer for a cell
 * of 1 … threshold−1 (naming it: "cell 3 is below the station's minimum cell count"); rates did the same
 * for their groups. So a table of sex × "has condition X" answered when no man had X (the cell left out,
 * read as 0) and was refused when one did: whether any man of the population has X, a count of
 * 1 … threshold−1 patients. Likewise rates by sex over the patients with X.
 *
 * What must hold: the answers are the same whether nobody or one man has X. Tables and rate groups are
 * now partitions over fixed cells (both sexes, every age band and province, both levels of a 0/1
 * variable), an empty cell withheld like a small one, with secondary suppression.
 */
const INDEX = '2024-01-01';
const X = '86406008';
const area = { region: 'Utrecht', municipality: 'Utrecht' };

/** 30 women (14 with X) and 20 men, one of whom has X when `manWithX`. */
async function station(id: string, manWithX: boolean): Promise<MemoryStation> {
  const st = await memoryStation(id);
  const rows = new StationRows();
  const women = rows.people(30, { birth: '1960-05-01', sex: 'female', ...area });
  const men = rows.people(20, { birth: '1961-05-01', sex: 'male', ...area });
  for (const w of women.slice(0, 14)) rows.condition(w, X, '2020-03-04');
  if (manWithX) rows.condition(men[0]!, X, '2021-06-01');
  await rows.write(st);
  return st;
}

type Answer = DescriptivePartial | { refused: string };

const ask = async (st: MemoryStation, input: DescriptiveInput): Promise<Answer> => {
  // A fresh ledger per question: what one answer tells, whatever was asked before.
  const ctx = st.context({ ledger: ReleaseLedger.open(), disclosure: { threshold: 10, rounding: 5 } });
  try {
    return (await alg.local(ctx, input, 0)) as DescriptivePartial;
  } catch (e) {
    if (isDisclosureRefusal(e)) return { refused: e.message };
    throw e;
  }
};

describe('attack: a table cell left out when empty and refused when small', () => {
  let none: MemoryStation;
  let one: MemoryStation;
  beforeAll(async () => {
    none = await station('station-t0', false);
    one = await station('station-t1', true);
  });
  afterAll(() => {
    none.close();
    one.close();
  });

  it('sex × has X answers alike whether nobody or one man has X', async () => {
    const input = {
      population: { indexDate: INDEX },
      variables: [{ kind: 'condition' as const, name: 'x', codes: [X] }],
      tables: [{ rows: 'sex', columns: 'x' }],
    };
    const a = await ask(none, input);
    const b = await ask(one, input);
    expect(b).toEqual(a);
    expect(a).not.toHaveProperty('refused');
    // The women's cells and the men's without X are released; the men's with X (0 or 1) withheld, and
    // with it the smallest released cell (secondary suppression).
    expect((a as DescriptivePartial).tables[0]!.cells.map((c) => [c.row, c.column, c.count])).toEqual([
      ['female', '0', 15],
      ['female', '1', null],
      ['male', '0', 20],
      ['male', '1', null],
    ]);
  });

  it('rates by sex over the patients with X answer alike', async () => {
    const input = {
      population: {
        indexDate: INDEX,
        cohort: { name: 'x', entry: { event: { domain: 'condition' as const, codes: [X] } } },
      },
      variables: [],
      rates: [{ by: 'sex' }],
    };
    const a = await ask(none, input);
    const b = await ask(one, input);
    expect(b).toEqual(a);
    expect(a).not.toHaveProperty('refused');
  });
});
