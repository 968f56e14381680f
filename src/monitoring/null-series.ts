import type { StationPartial } from '../analytics/algorithm.ts';
import { Prng } from '../synth/prng.ts';
import type { MonitorDefinition } from './monitor-definition.ts';
import { monthLabel } from './monitor-definition.ts';
import type { ArmPeriod, MonitorPartial } from './monitor-partial.ts';

/** Sizes of a simulated monitor: per station, matched exposed patients; controls = ratio × exposed. */
export interface SeriesDesign {
  exposedPerStation: readonly number[];
  ratio: number;
  /** Events per person-month in both arms before the start. */
  baseRate: number;
  /** The true rate ratio after the start in the exposed arm (1 = no effect). */
  rateRatio: number;
}

/**
 * One simulated monitor run: Poisson event counts per arm and month for each station (sums of independent
 * patients' Poisson counts are Poisson), released as cumulative totals the way stations release them,
 * without suppression. Used to measure the false-alarm rate and the power of the alert rule.
 */
export function simulatedPartials(
  m: MonitorDefinition,
  design: SeriesDesign,
  seed: number,
): StationPartial<MonitorPartial>[] {
  const rng = new Prng(seed);
  const key = m.alert.indicator;
  const period = (n: number, months: number, events: number): ArmPeriod => ({
    personsAtRisk: n,
    personMonths: n * months,
    indicators: { [key]: { events, sum: events, sumSq: events } },
  });
  return design.exposedPerStation.map((ne, s) => {
    const nc = ne * design.ratio;
    const preE = rng.poisson(ne * m.baselineMonths * design.baseRate);
    const preC = rng.poisson(nc * m.baselineMonths * design.baseRate);
    let e = 0;
    let c = 0;
    const months = Array.from({ length: m.followUpMonths }, (_, j) => {
      e += rng.poisson(ne * design.baseRate * design.rateRatio);
      c += rng.poisson(nc * design.baseRate);
      return { month: monthLabel(m.start, j), exposed: period(ne, j + 1, e), control: period(nc, j + 1, c) };
    });
    const zero = { value: 0, suppressed: false };
    return {
      stationId: `station-${s + 1}`,
      output: {
        groups: { exposed: zero, pool: zero, matchedExposed: zero, matchedControls: zero },
        ratio: design.ratio,
        caliperSd: 0.2,
        balance: [],
        scoreHistogram: { edges: [], exposed: [], control: [] },
        baseline: {
          months: m.baselineMonths,
          exposed: period(ne, m.baselineMonths, preE),
          control: period(nc, m.baselineMonths, preC),
        },
        months,
      },
    };
  });
}
