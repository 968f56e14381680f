import { releasePartition } from '../../../privacy/disclosure/release-partition.ts';
import type { LocalHalf } from '../../algorithm.ts';
import { populationSql } from '../../features/feature-sql.ts';
import { referenceProvinces } from '../../reference-population.ts';
import { AGE_BANDS, ageBand } from '../../subgroups.ts';
import {
  bandCovered,
  type RepresentativenessInput,
  RepresentativenessInputSchema,
  type RepresentativenessPartial,
} from './definition.ts';

/**
 * Counts by age band × sex and by province of the population's male and female patients (other and
 * unknown sex have no reference figures and are left out of both tables).
 *
 * The two tables partition the same patients, so each table's sum is the other's total: with cells
 * withheld only when small, the provinces' sum minus the age band × sex cells' sum was the withheld
 * cells' patients (`test/attacks/representativeness-two-tables.int.test.ts`). Each table is therefore a
 * partition through `releasePartition` with secondary suppression, over fixed cells — the age bands the
 * population's age range covers × female/male, every province of the reference population — so an empty
 * cell is withheld like a small one, and a cell outside them (an unknown region) is listed only when it
 * reaches the threshold and otherwise counts as hidden mass. Withheld cells are left out of the answer.
 */
export const local: LocalHalf<RepresentativenessInput, RepresentativenessPartial> = {
  async run(ctx, raw) {
    const input = RepresentativenessInputSchema.parse(raw);
    const q = populationSql(input.population, ctx.purpose, ctx.dialect);
    const rows = await ctx.query(
      `SELECT id, sex, region, age FROM (${q.sql}) pop WHERE sex IN ('male', 'female')`,
      q.params,
    );
    const policy = ctx.disclosure;
    const { minAge, maxAge } = input.population;
    /** Cells of a fixed domain (listed even when empty) plus any other key reaching the threshold. */
    const table = (domain: readonly string[], keyOf: (r: Record<string, unknown>) => string) => {
      const cells = new Map<string, string[]>(domain.map((k) => [k, []]));
      for (const r of rows) {
        const k = keyOf(r);
        const list = cells.get(k) ?? [];
        list.push(String(r.id));
        cells.set(k, list);
      }
      const inDomain = new Set(domain);
      const listed = [...cells.entries()]
        .filter(([k, patients]) => inDomain.has(k) || patients.length >= policy.threshold)
        .sort(([a], [b]) => a.localeCompare(b));
      const hidden = rows.length - listed.reduce((s, [, patients]) => s + patients.length, 0);
      return { cells: listed.map(([key, patients]) => ({ key, patients })), hidden };
    };
    const release = (prefix: string, t: ReturnType<typeof table>) =>
      releasePartition(ctx.release, (k) => `${prefix}:${k}`, t.cells, policy, t.hidden).cells.flatMap((c) =>
        c.count.value === null ? [] : [{ key: c.key, count: c.count.value }],
      );
    const ageSex = release(
      'representativeness:ageSex',
      table(
        AGE_BANDS.filter((b) => bandCovered(b, minAge, maxAge)).flatMap((b) => [`${b}:female`, `${b}:male`]),
        (r) => `${ageBand(Number(r.age))}:${String(r.sex)}`,
      ),
    );
    const regions = release(
      'representativeness:region',
      table(referenceProvinces(), (r) => String(r.region ?? 'unknown')),
    );
    return {
      ageSex: ageSex.map(({ key, count }) => {
        const [band, sex] = key.split(':') as [string, 'male' | 'female'];
        return { ageBand: band, sex, count };
      }),
      regions: regions.map(({ key, count }) => ({ region: key, count })),
    };
  },
};
