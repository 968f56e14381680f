import { badInput } from '../../../common/app-error.ts';
import { byBandAndSex, type CohortResult } from './cohort-result.ts';

/** A number combined over stations: the sum of the released station numbers. */
export interface CombinedCount {
  /** Sum of the released values; suppressed station numbers count as 0. */
  value: number;
  /** Stations whose number was withheld: the true total may be higher by up to threshold−1 each. */
  suppressedAt: number;
}

export interface CombinedCohortResult {
  cohort: string;
  stations: { stationId: string; result: CohortResult }[];
  count: CombinedCount;
  attrition: { label: string; count: CombinedCount }[];
  characterisation: {
    ageSex: { ageBand: string; sex: string; count: CombinedCount }[];
    regions: { region: string; count: CombinedCount }[];
    conditions: { code: string; count: CombinedCount }[];
    /** `mean` weighted by the released patient counts of the stations that released one. */
    observations: { code: string; unit: string | null; count: CombinedCount; mean: number | null }[];
  };
}

const add = (c: CombinedCount, v: { value: number | null; suppressed: boolean }) => {
  c.value += v.value ?? 0;
  if (v.suppressed) c.suppressedAt++;
};

function sumBy<T>(
  lists: T[][],
  keyOf: (t: T) => string,
  countOf: (t: T) => { value: number | null; suppressed: boolean },
): Map<string, { first: T; count: CombinedCount; items: T[] }> {
  const out = new Map<string, { first: T; count: CombinedCount; items: T[] }>();
  for (const list of lists) {
    for (const t of list) {
      const k = keyOf(t);
      let e = out.get(k);
      if (!e) {
        e = { first: t, count: { value: 0, suppressedAt: 0 }, items: [] };
        out.set(k, e);
      }
      add(e.count, countOf(t));
      e.items.push(t);
    }
  }
  return out;
}

/**
 * The central half of a cohort run: combines the stations' released results. Uses only released
 * numbers, so a combined number reveals nothing the stations did not release; the sum of numbers that
 * are each 0 or at least the threshold is 0 or at least the threshold.
 */
export function combineCohortResults(
  stations: { stationId: string; result: CohortResult }[],
): CombinedCohortResult {
  const first = stations[0]?.result;
  if (!first) throw badInput('no station results to combine', 'stations');
  stations.forEach((s, i) => {
    if (s.result.attrition.length !== first.attrition.length) {
      throw badInput('station results are of different cohorts (attrition steps differ)', `stations[${i}]`);
    }
  });
  const count: CombinedCount = { value: 0, suppressedAt: 0 };
  const attrition = first.attrition.map((s) => ({ label: s.label, count: { value: 0, suppressedAt: 0 } }));
  for (const { result } of stations) {
    add(count, result.count);
    result.attrition.forEach((s, k) => {
      add(attrition[k]!.count, s.count);
    });
  }
  const chars = stations.map((s) => s.result.characterisation);
  const ageSex = sumBy(
    chars.map((c) => c?.ageSex ?? []),
    (c) => `${c.ageBand}\u0000${c.sex}`,
    (c) => c.count,
  );
  const regions = sumBy(
    chars.map((c) => c?.regions ?? []),
    (c) => c.region,
    (c) => c.count,
  );
  const conditions = sumBy(
    chars.map((c) => c?.conditions ?? []),
    (c) => c.code,
    (c) => c.count,
  );
  const observations = sumBy(
    chars.map((c) => c?.observations ?? []),
    (c) => `${c.code}\u0000${c.unit ?? ''}`,
    (c) => c.count,
  );
  const byValue = (a: { count: CombinedCount }, b: { count: CombinedCount }) => b.count.value - a.count.value;
  return {
    cohort: first.cohort,
    stations,
    count,
    attrition,
    characterisation: {
      ageSex: [...ageSex.values()]
        .map((e) => ({ ageBand: e.first.ageBand, sex: e.first.sex, count: e.count }))
        .sort(byBandAndSex),
      regions: [...regions.values()]
        .map((e) => ({ region: e.first.region, count: e.count }))
        .sort((a, b) => a.region.localeCompare(b.region)),
      conditions: [...conditions.values()]
        .map((e) => ({ code: e.first.code, count: e.count }))
        .sort((a, b) => byValue(a, b) || a.code.localeCompare(b.code)),
      observations: [...observations.values()]
        .map((e) => {
          let weight = 0;
          let sum = 0;
          for (const o of e.items) {
            if (o.mean !== null && o.count.value !== null) {
              weight += o.count.value;
              sum += o.mean * o.count.value;
            }
          }
          const mean = weight > 0 ? Math.round((sum / weight) * 100) / 100 : null;
          return { code: e.first.code, unit: e.first.unit, count: e.count, mean };
        })
        .sort((a, b) => byValue(a, b) || a.code.localeCompare(b.code)),
    },
  };
}
