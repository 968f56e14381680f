import { describe, expect, it } from 'vitest';
import { central } from '../../src/analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../../src/analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../../src/analytics/algorithms/outcome-monitor/local.ts';
import { isDisclosureRefusal } from '../../src/analytics/disclosure.ts';
import { composeAlgorithm } from '../../src/analytics/local-runner.ts';
import { memoryStation } from '../../src/analytics/testing/memory-station.ts';
import type { MonitorDefinitionInput } from '../../src/monitoring/monitor-definition.ts';
import type { MonitorPartial } from '../../src/monitoring/monitor-partial.ts';
import { Prng } from '../../src/synth/prng.ts';

const alg = composeAlgorithm(definition, local, central);

/**
 * The neighbouring monitor: an attacker registers two monitors that differ only by a town where one
 * eligible patient lives (with many ED visits), hoping the difference of the two releases is that
 * patient's ED visits. The station must refuse the second answer or release nothing that differs from the
 * first by 1..threshold−1.
 */
describe('attack on outcome monitors', () => {
  it('a second monitor with one more exposed patient reveals nothing about that patient', async () => {
    const st = await memoryStation('station-a');
    try {
      const rng = new Prng(7);
      const pa = await st.connection.createAppender('patient');
      const en = await st.connection.createAppender('encounter');
      let enc = 0;
      const person = (id: string, town: string, edPerMonth: number) => {
        for (const v of [
          id,
          `${1935 + rng.int(10)}-0${1 + rng.int(9)}-01`,
          rng.chance(0.5) ? 'male' : 'female',
          '1000',
          'Gelderland',
          town,
        ])
          pa.appendVarchar(v);
        pa.appendNull();
        pa.endRow();
        for (let m = 0; m < 24; m++) {
          const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
          for (let k = rng.poisson(edPerMonth); k > 0; k--) {
            for (const v of [`e${enc++}`, id, 'EMER', 'ed']) en.appendVarchar(v);
            en.appendNull();
            en.appendVarchar('t');
            en.appendVarchar('EM');
            en.appendVarchar(`${month}-1${rng.int(9)} 10:00:00`);
            en.appendVarchar(`${month}-1${rng.int(9)} 12:00:00`);
            en.appendNull();
            en.endRow();
          }
        }
      };
      for (let i = 0; i < 80; i++) person(`n${i}`, 'Nijmegen', 0.05);
      for (let i = 0; i < 300; i++) person(`a${i}`, 'Arnhem', 0.05);
      person('target', 'Tiny', 1.5);
      pa.flushSync();
      pa.closeSync();
      en.flushSync();
      en.closeSync();

      const monitor = (towns: string[]): MonitorDefinitionInput => ({
        name: `attack ${towns.join('+')}`,
        owner: 'attacker',
        population: { ageAtStart: { min: 75 }, regions: ['Gelderland'] },
        exposure: { kind: 'municipality', municipalities: towns },
        start: '2024-01-01',
        matching: { covariates: ['age', 'male', 'prior-ed-visits'], conditions: [], ratio: 1, caliperSd: 2 },
        indicators: ['ed-visits'],
        baselineMonths: 12,
        followUpMonths: 12,
      });
      const ctx = st.context({ purpose: 'public-health', disclosure: { threshold: 10, rounding: 1 } });
      const first = (await alg.local(ctx, { monitor: monitor(['Nijmegen']) }, 0)) as MonitorPartial;
      expect(first.groups.matchedExposed.value).toBeGreaterThanOrEqual(70);
      let second: MonitorPartial | undefined;
      try {
        second = (await alg.local(ctx, { monitor: monitor(['Nijmegen', 'Tiny']) }, 0)) as MonitorPartial;
      } catch (e) {
        // The matched exposed group differs from the first by the one patient: the answer is refused.
        expect(isDisclosureRefusal(e)).toBe(true);
        expect((e as Error).message).toMatch(/matched:exposed|differ/);
      }
      if (!second) return;
      const series = (p: MonitorPartial) => [
        p.baseline.exposed.indicators['ed-visits']?.events,
        ...p.months.map((m) => m.exposed.indicators['ed-visits']?.events),
      ];
      const a = series(first);
      const b = series(second);
      for (let i = 0; i < a.length; i++) {
        if (a[i] == null || b[i] == null) continue;
        const d = Math.abs(a[i]! - b[i]!);
        expect(d === 0 || d >= 10, `month ${i}: ${a[i]} and ${b[i]}`).toBe(true);
      }
      // The eligible exposed group grew by one patient: that count is withheld, not released as 81 beside 80.
      const [p1, p2] = [first.groups.exposed.value, second.groups.exposed.value];
      if (p1 !== null && p2 !== null) expect(Math.abs(p1 - p2) === 0 || Math.abs(p1 - p2) >= 10).toBe(true);
    } finally {
      st.close();
    }
  });
});
