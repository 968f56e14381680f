import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../../src/analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../../src/analytics/algorithms/outcome-monitor/local.ts';
import { dominated } from '../../src/analytics/disclosure.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { type MemoryStation, memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { MonitorPartial } from '../../src/monitoring/monitor-partial.ts';
import { StationRows } from './station-rows.ts';

const alg = composeAlgorithm(definition, local, central);
const THRESHOLD = 10;
const MONTHS = ['2024-01', '2024-02', '2024-03', '2024-04'];

/**
 * Month over month: a monitor's series are cumulative, and the station withheld a month whose *event
 * count* moved by 1..threshold−1 and applied the dominance rule to the cumulative *total*. An attacker
 * watching the exposed arm month by month then reads one patient from the increase:
 * - ED visits: 40 patients have one visit in January, nobody in February, one patient has 12 visits in
 *   March. The count rises 40 → 40 → 52: a step of 12 (not small), from one patient.
 * - Cost: 40 patients are billed €100 in January; in February one patient €3,000 and 15 others €10.
 *   The total (7,150) is not dominated by anyone, but its increase (3,150) is that one patient's claim.
 * The station must release no two months of a series whose difference is about fewer than the
 * threshold's patients or dominated by one of them.
 */
describe('attack: the increase of a monitor series between two released months', () => {
  let st: MemoryStation;
  /** Per exposed patient: ED visits and euro per follow-up month (what the attacker is after). */
  const ed = new Map<string, number[]>();
  const euro = new Map<string, number[]>();

  beforeAll(async () => {
    st = await memoryStation('station-a');
    const rows = new StationRows();
    for (let i = 0; i < 60; i++) {
      const id = `n${i}`;
      rows.patient({
        id,
        birth: `194${i % 6}-0${1 + (i % 9)}-01`,
        sex: i % 2 ? 'male' : 'female',
        region: 'Gelderland',
        municipality: 'Nijmegen',
      });
      ed.set(id, [0, 0, 0, 0]);
      euro.set(id, [0, 0, 0, 0]);
    }
    for (let i = 0; i < 200; i++)
      rows.patient({
        id: `a${i}`,
        birth: `194${i % 6}-0${1 + (i % 9)}-01`,
        sex: i % 2 ? 'male' : 'female',
        region: 'Gelderland',
        municipality: 'Arnhem',
      });
    for (let i = 0; i < 40; i++) {
      rows.edVisit(`n${i}`, '2024-01-10').claim(`n${i}`, '2024-01-10', 100);
      rows.edVisit(`a${i}`, '2024-01-10').claim(`a${i}`, '2024-01-10', 100);
      ed.get(`n${i}`)![0]! += 1;
      euro.get(`n${i}`)![0]! += 100;
    }
    for (let d = 1; d <= 12; d++) rows.edVisit('n59', `2024-03-${String(d).padStart(2, '0')}`);
    ed.get('n59')![2] = 12;
    rows.claim('n59', '2024-02-05', 3000);
    euro.get('n59')![1] = 3000;
    for (let i = 40; i < 55; i++) {
      rows.claim(`n${i}`, '2024-02-05', 10);
      euro.get(`n${i}`)![1] = 10;
    }
    await rows.write(st);
    const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: THRESHOLD, rounding: 1 } });
    part = (await alg.local(ctx, { monitor }, 0)) as MonitorPartial;
  });
  afterAll(() => st.close());

  const monitor = {
    name: 'month over month',
    owner: 'attacker',
    population: { ageAtStart: { min: 75 }, regions: ['Gelderland'] },
    exposure: { kind: 'municipality' as const, municipalities: ['Nijmegen'] },
    start: '2024-01-01',
    matching: { covariates: ['age' as const, 'male' as const], conditions: [], ratio: 1, caliperSd: 2 },
    indicators: ['ed-visits' as const, 'cost' as const],
    baselineMonths: 12,
    followUpMonths: MONTHS.length,
  };
  let part: MonitorPartial;

  const cumulative = (per: Map<string, number[]>, j: number) =>
    [...per.values()].map((v) => v.slice(0, j + 1).reduce((s, x) => s + x, 0));

  /** Every released month against every earlier released one (and against nothing). */
  const check = (key: 'ed-visits' | 'cost', per: Map<string, number[]>) => {
    expect(part.groups.matchedExposed.value).toBe(60);
    const released = part.months
      .map((m, j) => ({ j, value: m.exposed.indicators[key]?.sum ?? null }))
      .filter((m) => m.value !== null);
    expect(released.length, `${key}: some months released`).toBeGreaterThan(0);
    for (const [b, later] of released.entries()) {
      for (const e of [{ j: -1 }, ...released.slice(0, b)]) {
        const from = e.j < 0 ? cumulative(per, -1).map(() => 0) : cumulative(per, e.j);
        const increase = cumulative(per, later.j).map((x, i) => x - from[i]!);
        const patients = increase.filter((x) => x !== 0).length;
        const what = `${key}: ${MONTHS[later.j]} minus ${MONTHS[e.j] ?? 'nothing'}`;
        expect(patients === 0 || patients >= THRESHOLD, `${what} is about ${patients} patients`).toBe(true);
        expect(dominated(increase, 0.5, THRESHOLD), `${what} is dominated by one patient`).toBe(false);
      }
    }
  };

  it('releases no two months of a count whose difference comes from a few patients', () => {
    check('ed-visits', ed);
  });

  it('releases no two months of a cost sum whose difference one patient dominates', () => {
    check('cost', euro);
  });
});
