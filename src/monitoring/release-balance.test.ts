import { describe, expect, it } from 'vitest';
import type { LocalContext } from '../analytics/algorithm.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import type { MonitorAtStation } from './monitor-station.ts';
import { releaseBalance } from './release-balance.ts';

/** An arm of `n` patients: ages 70..89 by turn, every other one male, prior ED visits 0 for most. */
function arm(prefix: string, n: number): { ids: string[]; rows: number[][] } {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  return { ids, rows: ids.map((_, i) => [70 + (i % 20), i % 2, i % 3 === 0 ? 1 : 0]) };
}

/** What releaseBalance reads of a monitor run: the covariates, the arms before and after matching. */
function station(exposed: { ids: string[]; rows: number[][] }, pool: { ids: string[]; rows: number[][] }) {
  return {
    columns: [
      { name: 'age', binary: false },
      { name: 'male', binary: true },
      { name: 'edVisits', binary: false },
    ],
    exposedAll: exposed,
    poolAll: pool,
    matchedExposed: exposed,
    matchedControls: pool,
  } as unknown as MonitorAtStation;
}

describe('monitor balance release', () => {
  it('withholds a covariate mean whose values differ from an earlier released column on a few patients', async () => {
    const st = await memoryStation('station-balance');
    try {
      const release = async (s: MonitorAtStation, task: string) => {
        const guard = await st.ledger.begin(task, 10);
        const ctx = {
          ...st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } }),
          release: guard,
        } as unknown as LocalContext;
        try {
          return releaseBalance(ctx, s, { exposed: true, pool: true });
        } finally {
          guard.commit();
        }
      };
      const exposed = arm('e', 40);
      const pool = arm('c', 40);
      const first = await release(station(exposed, pool), 'month-1');
      const age = (rows: ReturnType<typeof releaseBalance>) => rows.find((r) => r.covariate === 'age')!;
      expect(age(first).after.exposed).toBeCloseTo(79.5, 10);
      // A month later the same patients, one exposed patient's age one year more (a corrected birth date):
      // the same set, so only the column tells that the mean now differs by that patient's change.
      const changed = {
        ids: exposed.ids,
        rows: exposed.rows.map((r, i) => (i === 0 ? [r[0]! + 1, ...r.slice(1)] : r)),
      };
      const second = await release(station(changed, pool), 'month-2');
      expect(age(second).after).toEqual({ exposed: null, control: age(first).after.control, smd: null });
      expect(age(second).before?.exposed).toBeNull();
      // The covariates whose values did not change are the same columns: released again, the same.
      for (const c of ['male', 'edVisits'])
        expect(second.find((r) => r.covariate === c)).toEqual(first.find((r) => r.covariate === c));
    } finally {
      st.close();
    }
  });
});
