import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../analytics/algorithms/outcome-monitor/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import type { IndicatorKey } from './indicators.ts';
import { monthLabel } from './monitor-definition.ts';
import type { MonitorPartial } from './monitor-partial.ts';
import { fillMonitorStation } from './monitor-station.fixture.ts';

const alg = composeAlgorithm(definition, local, central);
let releasedFollowUp = 0;
const INDICATORS: IndicatorKey[] = ['ed-visits', 'unplanned-admissions', 'gp-virtual-contacts'];

/**
 * Property: over random stations and monitors run month after month (each month its own run, as the
 * hub schedules them, all on one station ledger), no released count is between 1 and threshold−1, and no
 * two released values of the same series (an arm's cumulative events, its persons at risk) differ by
 * 1..threshold−1 — so no month, alone or subtracted from an earlier one, reveals a small group.
 */
describe('outcome monitor disclosure', () => {
  it('never releases, alone or by difference between months, a count of 1..threshold−1', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          patients: fc.integer({ min: 20, max: 160 }),
          exposedShare: fc.double({ min: 0.15, max: 0.6, noNaN: true }),
          rate: fc.double({ min: 0.005, max: 0.3, noNaN: true }),
          threshold: fc.integer({ min: 2, max: 12 }),
          ratio: fc.integer({ min: 1, max: 2 }),
          followUp: fc.integer({ min: 2, max: 8 }),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        async (c) => {
          const st = await memoryStation('station-p');
          try {
            const monitor = await fillMonitorStation(st, c);
            const ctx = st.context({
              purpose: 'public-health',
              disclosure: { threshold: c.threshold, rounding: 1 },
            });
            const released = new Map<string, Set<number>>();
            const note = (series: string, v: number | null | undefined) => {
              if (v === null || v === undefined) return;
              const set = released.get(series) ?? new Set<number>();
              set.add(v);
              released.set(series, set);
            };
            for (let month = 0; month < c.followUp; month++) {
              let out: MonitorPartial;
              try {
                out = await alg.local(ctx, { monitor, throughMonth: monthLabel('2024-01-01', month) }, 0);
              } catch {
                continue; // a refused answer releases nothing
              }
              for (const [k, g] of Object.entries(out.groups)) note(`group:${k}`, g.value);
              for (const cell of [...out.scoreHistogram.exposed, ...out.scoreHistogram.control])
                note('cell', cell.value);
              for (const arm of ['exposed', 'control'] as const) {
                note(`${arm}:baseline:persons`, out.baseline[arm].personsAtRisk);
                for (const k of INDICATORS)
                  note(`${arm}:baseline:${k}`, out.baseline[arm].indicators[k]?.events);
                for (const m of out.months) {
                  note(`${arm}:persons`, m[arm].personsAtRisk);
                  for (const k of INDICATORS) {
                    const v = m[arm].indicators[k]?.events;
                    if (v) releasedFollowUp++;
                    note(`${arm}:follow-up:${k}`, v);
                  }
                }
              }
            }
            for (const [series, values] of released) {
              const list = [...values];
              for (const v of list) {
                if (series === 'cell') continue;
                expect(v === 0 || v >= c.threshold, `${series} released ${v}`).toBe(true);
              }
              if (series === 'cell') {
                for (const v of list) expect(v === 0 || v >= c.threshold).toBe(true);
                continue;
              }
              for (const a of list)
                for (const b of list) {
                  const d = Math.abs(a - b);
                  expect(d === 0 || d >= c.threshold, `${series}: ${a} and ${b}`).toBe(true);
                }
            }
          } finally {
            st.close();
          }
        },
      ),
      { numRuns: 30, seed: 42, endOnFailure: true },
    );
    // Not vacuous: the runs did release follow-up counts.
    expect(releasedFollowUp).toBeGreaterThan(50);
  }, 600_000);
});
