import { releaseCount } from '../../../privacy/disclosure/release-count.ts';
import type { LocalHalf } from '../../algorithm.ts';
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
      `SELECT id, sex, region, age FROM (${q.sql}) pop WHERE sex IN ('male', 'female')`,
      q.params,
    );
    const ageSex = new Map<string, { ageBand: string; sex: 'male' | 'female'; patients: string[] }>();
    const regions = new Map<string, string[]>();
    for (const r of rows) {
      const sex = r.sex as 'male' | 'female';
      const band = ageBand(Number(r.age));
      const key = `${band}|${sex}`;
      const cell = ageSex.get(key) ?? { ageBand: band, sex, patients: [] };
      cell.patients.push(String(r.id));
      ageSex.set(key, cell);
      const region = String(r.region ?? 'unknown');
      const list = regions.get(region) ?? [];
      list.push(String(r.id));
      regions.set(region, list);
    }
    const cells = [...ageSex.values()].sort(
      (a, b) => a.ageBand.localeCompare(b.ageBand) || a.sex.localeCompare(b.sex),
    );
    const regionList = [...regions.entries()].sort(([a], [b]) => a.localeCompare(b));
    // Cells are withheld, not refused, when small or when the ledger refuses them: no total is released,
    // so withheld cells cannot be recovered by subtraction, and the shares are those of released cells.
    const policy = ctx.disclosure;
    const release = (label: string, patients: string[]) => releaseCount(ctx.release, label, patients, policy);
    return {
      ageSex: cells.flatMap((c) => {
        const count = release(`representativeness:ageSex:${c.ageBand}:${c.sex}`, c.patients);
        return count.value === null ? [] : [{ ageBand: c.ageBand, sex: c.sex, count: count.value }];
      }),
      regions: regionList.flatMap(([region, patients]) => {
        const count = release(`representativeness:region:${region}`, patients);
        return count.value === null ? [] : [{ region, count: count.value }];
      }),
    };
  },
};
