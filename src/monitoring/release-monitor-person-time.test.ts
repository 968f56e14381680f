import { describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../analytics/algorithms/outcome-monitor/local.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { memoryStation } from '../analytics/testing/memory-station.ts';
import { Prng } from '../synth/prng.ts';
import type { IndicatorKey } from './indicators.ts';
import { type MonitorDefinitionInput, monthLabel } from './monitor-definition.ts';
import type { MonitorPartial } from './monitor-partial.ts';

const alg = composeAlgorithm(definition, local, central);
const INDICATORS: IndicatorKey[] = ['ed-visits', 'unplanned-admissions', 'gp-virtual-contacts'];

/**
 * Person-months are persons at risk times months: computed from the exact group they would give the
 * exact number of patients that the rounded persons at risk hide.
 */
describe('outcome monitor person-time', () => {
  it('gives person-months from the rounded persons at risk, never the exact group size', async () => {
    const c = { patients: 160, exposedShare: 0.4, rate: 0.2, ratio: 1, followUp: 3, seed: 7 };
    const st = await memoryStation('station-pm');
    try {
      const rng = new Prng(c.seed);
      const pa = await st.connection.createAppender('patient');
      const en = await st.connection.createAppender('encounter');
      let enc = 0;
      for (let i = 0; i < c.patients; i++) {
        const id = `p${i}`;
        const exposed = rng.chance(c.exposedShare);
        const birthYear = 1930 + rng.int(15);
        const died = rng.chance(0.1) ? `2024-0${1 + rng.int(Math.min(c.followUp, 9))}-15` : null;
        for (const v of [
          id,
          `${birthYear}-0${1 + rng.int(9)}-01`,
          rng.chance(0.5) ? 'male' : 'female',
          '1000',
          'Gelderland',
          exposed ? 'Nijmegen' : 'Arnhem',
        ])
          pa.appendVarchar(v);
        if (died) pa.appendVarchar(died);
        else pa.appendNull();
        pa.endRow();
        const frailty = 0.5 + rng.float();
        for (let m = -12; m < c.followUp; m++) {
          const month = monthLabel('2024-01-01', m);
          for (const [cls, setting, priority, r] of [
            ['EMER', 'ed', 'EM', c.rate],
            ['IMP', 'inpatient', 'EM', c.rate / 3],
            ['AMB', 'gp', 'R', c.rate * 4],
          ] as const) {
            const n = rng.poisson(r * frailty);
            for (let k = 0; k < n; k++) {
              const day = String(1 + rng.int(28)).padStart(2, '0');
              for (const v of [`e${enc++}`, id, cls, setting]) en.appendVarchar(v);
              en.appendNull();
              en.appendVarchar('t');
              en.appendVarchar(priority);
              en.appendVarchar(`${month}-${day} 10:00:00`);
              en.appendVarchar(`${month}-${day} 12:00:00`);
              en.appendNull();
              en.endRow();
            }
          }
        }
      }
      pa.flushSync();
      pa.closeSync();
      en.flushSync();
      en.closeSync();
      const monitor: MonitorDefinitionInput = {
        name: 'property',
        owner: 'test',
        population: { ageAtStart: { min: 75 }, regions: ['Gelderland'] },
        exposure: { kind: 'municipality', municipalities: ['Nijmegen'] },
        start: '2024-01-01',
        matching: {
          covariates: ['age', 'male', 'prior-ed-visits'],
          conditions: [],
          ratio: c.ratio,
          caliperSd: 0.5,
        },
        indicators: INDICATORS,
        baselineMonths: 12,
        followUpMonths: c.followUp,
      };
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
