import type { LocalHalf } from '../../algorithm.ts';
import { roundCount } from '../../disclosure.ts';
import { populationSql } from '../../features/feature-sql.ts';
import { ageBand } from '../../subgroups.ts';
import {
  type RepresentativenessInput,
  RepresentativenessInputSchema,
  type RepresentativenessPartial,
} from './definition.ts';

/**
 * Counts by age band × sex and by province of the population's male and female patients (other and
 * unknown sex have no reference figures and are left out of both tables, so no difference reveals them).
 * Cells below the station's threshold are withheld.
 */
export const local: LocalHalf<RepresentativenessInput, RepresentativenessPartial> = {
  async run(ctx, raw) {
    const input = RepresentativenessInputSchema.parse(raw);
    const q = populationSql(input.population, ctx.purpose, ctx.dialect);
    const rows = await ctx.query(
      `SELECT sex, region, age FROM (${q.sql}) pop WHERE sex IN ('male', 'female')`,
      q.params,
    );
    const ageSex = new Map<string, { ageBand: string; sex: 'male' | 'female'; count: number }>();
    const regions = new Map<string, number>();
    for (const r of rows) {
      const sex = r.sex as 'male' | 'female';
      const band = ageBand(Number(r.age));
      const key = `${band}|${sex}`;
      const cell = ageSex.get(key) ?? { ageBand: band, sex, count: 0 };
      cell.count++;
      ageSex.set(key, cell);
      const region = String(r.region ?? 'unknown');
      regions.set(region, (regions.get(region) ?? 0) + 1);
    }
    const cells = [...ageSex.values()].sort(
      (a, b) => a.ageBand.localeCompare(b.ageBand) || a.sex.localeCompare(b.sex),
    );
    const regionList = [...regions.entries()].sort(([a], [b]) => a.localeCompare(b));
    // Cells below the threshold are withheld, not refused: no total is released, so the withheld cells
    // cannot be recovered by subtraction, and the shares are those of the released cells.
    const t = ctx.disclosure.threshold;
    const r = ctx.disclosure.rounding;
    return {
      ageSex: cells.filter((c) => c.count >= t).map((c) => ({ ...c, count: roundCount(c.count, r) })),
      regions: regionList
        .filter(([, count]) => count >= t)
        .map(([region, count]) => ({ region, count: roundCount(count, r) })),
    };
  },
};
