import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import {
  descriptive as alg,
  type DescriptiveInput,
  type DescriptivePartial,
} from './descriptive-algorithm.ts';
import { StationRows } from './station-rows.ts';

/**
 * Every set of a descriptive analysis but a histogram's bins answers the population's question, whatever
 * the variables are. A variable's definition is the requester's, so the sets it defines — the patients
 * who differ from its most frequent value (behind its mean), a table's cells and a rate's groups keyed by
 * it — are a refusal oracle within one question, as a hybrid care pathway's codes were: after the mean of
 * "has C" (15 of 50 patients), the mean of "has C or X" was released when nobody else had X (the same
 * holders, the same question) and withheld (`differencing`) when one did. Asked for every code X, the
 * answers tell which conditions anyone of the population has beyond C — a count of 1 … threshold−1.
 * (With bins that split the variable's two values the bins' own questions close it since descriptive
 * 1.1.0: "C or X" is then withheld either way. One bin around all values, as here, leaves it open.)
 *
 * Closed since descriptive 1.2.0: the sets a variable's definition decides ask a question of their own,
 * derived from the definition (not its name; `release-questions.ts`), and so do GLM's and validation's
 * `glm:<feature>=1` sets, so a summary of a model's feature and the model agree. "C or X" reaching C's
 * holders is withheld like "C or X" a patient more: withheld either way.
 */
const INDEX = '2024-01-01';
const C = '44054006';
const X = '86406008';
const area = { region: 'Utrecht', municipality: 'Utrecht' };

/** 50 patients, 15 with C; one more has X when `withX`. */
async function station(id: string, withX: boolean): Promise<MemoryStation> {
  const st = await memoryStation(id);
  const rows = new StationRows();
  const people = rows.people(50, { birth: '1960-05-01', sex: 'female', ...area });
  for (const p of people.slice(0, 15)) rows.condition(p, C, '2020-03-04');
  if (withX) rows.condition(people[20]!, X, '2021-06-01');
  await rows.write(st);
  return st;
}

const summary = (codes: string[], name = 'c'): DescriptiveInput => ({
  population: { indexDate: INDEX },
  variables: [{ kind: 'condition', name, codes }],
  summaries: [{ variable: name, bins: [-10, 10] }],
});

describe('attack: a variable’s definition as a refusal oracle within one question', () => {
  let none: MemoryStation;
  let one: MemoryStation;
  beforeAll(async () => {
    none = await station('station-v0', false);
    one = await station('station-v1', true);
  });
  afterAll(() => {
    none.close();
    one.close();
  });

  it('the mean of "C or X" after "C" answers alike whether nobody or one more patient has X', async () => {
    const answer = async (st: MemoryStation) => {
      const ctx = st.context({ disclosure: { threshold: 10, rounding: 5 } });
      await alg.local(ctx, summary([C]), 0);
      const out = (await alg.local(ctx, summary([C, X]), 0)) as DescriptivePartial;
      return { mean: out.summaries[0]!.mean === null, withheld: out.summaries[0]!.withheld };
    };
    expect(await answer(one)).toEqual(await answer(none));
  });

  it('the same definition asked again, under another name, is answered again', async () => {
    const ctx = none.context({ disclosure: { threshold: 10, rounding: 5 } });
    await alg.local(ctx, summary([C]), 0);
    const again = (await alg.local(ctx, summary([C], 'condition_c'), 0)) as DescriptivePartial;
    expect(again.summaries[0]!.mean).toBeCloseTo(0.3, 1);
  });
});
