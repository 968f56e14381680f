import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../analytics/algorithms/outcome-monitor/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import { monthLabel } from './monitor-definition.ts';
import type { MonitorPartial } from './monitor-partial.ts';
import { fillMonitorStation } from './monitor-station.fixture.ts';

const alg = composeAlgorithm(definition, local, central);

/**
 * Person-months are persons at risk times months: computed from the exact group they would give the
 * exact number of patients that the rounded persons at risk hide.
 */
describe('outcome monitor person-time', () => {
  it('gives person-months from the rounded persons at risk, never the exact group size', async () => {
    const c = { patients: 160, exposedShare: 0.4, rate: 0.2, ratio: 1, followUp: 3, seed: 7 };
    const st = await memoryStation('station-pm');
    try {
      const monitor = await fillMonitorStation(st, c);
      const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 5, rounding: 5 } });
      const out = (await alg.local(
        ctx,
        { monitor, throughMonth: monthLabel('2024-01-01', 2) },
        0,
      )) as MonitorPartial;
      let checked = 0;
      for (const arm of ['exposed', 'control'] as const) {
        const b = out.baseline[arm];
        if (b.personsAtRisk !== null) {
          expect(b.personMonths, `${arm} baseline`).toBe(b.personsAtRisk * 12);
          checked++;
        }
        out.months.forEach((m, j) => {
          if (m[arm].personsAtRisk === null) return;
          expect(m[arm].personMonths, `${arm} month ${j}`).toBe(m[arm].personsAtRisk! * (j + 1));
          checked++;
        });
      }
      expect(checked).toBeGreaterThan(0);
    } finally {
      st.close();
    }
  }, 60_000);
});
