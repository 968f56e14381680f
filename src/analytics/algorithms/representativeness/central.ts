import type { CentralHalf } from '../../algorithm.ts';
import { type ReferencePopulation, referencePopulation } from '../../reference-population.ts';
import {
  bandCovered,
  type RepresentativenessBlock,
  type RepresentativenessInput,
  RepresentativenessInputSchema,
  type RepresentativenessPartial,
  type RepresentativenessResult,
  type ShareComparison,
} from './definition.ts';

/** Standardised difference of two proportions (Austin 2009): (p − q) / √((p(1−p) + q(1−q)) / 2). */
export function standardisedDifference(p: number, q: number): number {
  const s = Math.sqrt((p * (1 - p) + q * (1 - q)) / 2);
  return s === 0 ? 0 : (p - q) / s;
}

function compare(
  count: number,
  n: number,
  refCount: number,
  refTotal: number,
  limit: number,
): ShareComparison {
  const share = n > 0 ? count / n : 0;
  const referenceShare = refTotal > 0 ? refCount / refTotal : 0;
  const d = standardisedDifference(share, referenceShare);
  return {
    share,
    referenceShare,
    ratio: share / referenceShare,
    standardisedDifference: d,
    flagged: Math.abs(d) > limit,
  };
}

function block(
  partials: RepresentativenessPartial[],
  ref: ReferencePopulation,
  input: ReturnType<typeof RepresentativenessInputSchema.parse>,
): RepresentativenessBlock {
  const { minAge, maxAge } = input.population;
  const refCells = ref.ageSex
    .filter((b) => bandCovered(b.ageBand, minAge, maxAge))
    .flatMap((b) => [
      { ageBand: b.ageBand, sex: 'male' as const, ref: b.male },
      { ageBand: b.ageBand, sex: 'female' as const, ref: b.female },
    ]);
  const refTotal = refCells.reduce((a, c) => a + c.ref, 0);
  const counts = new Map<string, number>();
  for (const p of partials)
    for (const c of p.ageSex)
      counts.set(`${c.ageBand}|${c.sex}`, (counts.get(`${c.ageBand}|${c.sex}`) ?? 0) + c.count);
  const n = [...counts.values()].reduce((a, c) => a + c, 0);
  const ageSex = refCells.map((c) => {
    const count = counts.get(`${c.ageBand}|${c.sex}`) ?? 0;
    return { ageBand: c.ageBand, sex: c.sex, count, ...compare(count, n, c.ref, refTotal, input.limit) };
  });
  const regionCounts = new Map<string, number>();
  for (const p of partials)
    for (const r of p.regions) regionCounts.set(r.region, (regionCounts.get(r.region) ?? 0) + r.count);
  const nRegions = [...regionCounts.values()].reduce((a, c) => a + c, 0);
  const refRegionTotal = ref.regions.reduce((a, r) => a + r.population, 0);
  const regions = ref.regions.map((r) => {
    const count = regionCounts.get(r.region) ?? 0;
    return {
      region: r.region,
      count,
      ...compare(count, nRegions, r.population, refRegionTotal, input.limit),
    };
  });
  const flagged = ageSex.filter((c) => c.flagged).length + regions.filter((r) => r.flagged).length;
  return { n, ageSex, regions, flagged };
}

export const central: CentralHalf<
  RepresentativenessInput,
  RepresentativenessPartial,
  RepresentativenessResult
> = {
  combine(partials, raw) {
    const input = RepresentativenessInputSchema.parse(raw);
    const ref = referencePopulation(input.reference);
    return {
      done: true,
      result: {
        pooled: block(
          partials.map((p) => p.output),
          ref,
          input,
        ),
        perStation: Object.fromEntries(partials.map((p) => [p.stationId, block([p.output], ref, input)])),
        reference: { name: ref.name, source: ref.source, year: ref.year },
        limit: input.limit,
      },
    };
  },
};
