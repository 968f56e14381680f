import type { memoryStation } from '../analytics/testing/memory-station.ts';
import { Prng } from '../synth/prng.ts';
import type { IndicatorKey } from './indicators.ts';
import { type MonitorDefinitionInput, monthLabel } from './monitor-definition.ts';

/** What a generated monitor station looks like: its size, exposure, event rate and the monitor's design. */
export interface MonitorStationCase {
  patients: number;
  exposedShare: number;
  rate: number;
  ratio: number;
  followUp: number;
  seed: number;
}

const INDICATORS: IndicatorKey[] = ['ed-visits', 'unplanned-admissions', 'gp-virtual-contacts'];

/**
 * Writes a random population aged 75+ in Gelderland (Nijmegen exposed, Arnhem not) with ED visits,
 * emergency admissions and GP contacts from 12 months before the start through follow-up, and returns the
 * monitor that follows it.
 */
export async function fillMonitorStation(
  st: Awaited<ReturnType<typeof memoryStation>>,
  c: MonitorStationCase,
): Promise<MonitorDefinitionInput> {
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
  return {
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
}
