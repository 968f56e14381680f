import type { RegionalArea } from './combine-regional-picture.ts';

/** An effect as a rate ratio with its 95% CI (a monitor's pooled ED-visit DiD). */
export interface RateRatio {
  estimate: number;
  lower: number;
  upper: number;
}

export interface ScenarioOptions {
  /** Age band the innovation is for (default 75+). */
  ageBand?: string;
  /** Share of that age band eligible (e.g. the frail share; default 1: everyone in the band). */
  eligibleShare?: number;
  /** Cost of one ED visit in euro (default 420, the generator's mean ED claim). */
  costPerEdVisit?: number;
}

export interface Scenario {
  area: string;
  year: number;
  ageBand: string;
  eligible: number;
  /** ED visits per year of the eligible group now (the band's released rate). */
  baselineEdVisits: number;
  /** ED visits avoided per year with the innovation: baseline × (1 − rate ratio), interval from the CI. */
  edVisitsAvoided: { estimate: number; lower: number; upper: number };
  costAvoided: { estimate: number; lower: number; upper: number };
}

/**
 * "Scale the innovation to region X": applies a rate ratio with its interval to the area's eligible
 * group and its released ED rate. The interval carries the effect's uncertainty only (the baseline is a
 * count over a whole population). Null when the area has no released persons or ED visits in the band.
 */
export function scaleUpScenario(
  area: RegionalArea,
  effect: RateRatio,
  options: ScenarioOptions = {},
): Scenario | null {
  const ageBand = options.ageBand ?? '75+';
  const band = area.byAgeBand.find((b) => b.ageBand === ageBand);
  if (!band || band.edPersons <= 0) return null;
  const eligible = band.persons * (options.eligibleShare ?? 1);
  const baselineEdVisits = (band.edVisits / band.edPersons) * eligible;
  const avoided = (rr: number) => baselineEdVisits * (1 - rr);
  const cost = options.costPerEdVisit ?? 420;
  const ed = {
    estimate: avoided(effect.estimate),
    lower: avoided(effect.upper),
    upper: avoided(effect.lower),
  };
  return {
    area: area.area,
    year: area.year,
    ageBand,
    eligible,
    baselineEdVisits,
    edVisitsAvoided: ed,
    costAvoided: { estimate: ed.estimate * cost, lower: ed.lower * cost, upper: ed.upper * cost },
  };
}
