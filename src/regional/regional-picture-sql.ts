import { CohortSqlCompiler } from '../cohort/sql/cohort-sql-compiler.ts';
import type { DialectName } from '../store/dialect/dialect.ts';
import { dialectOf } from '../store/dialect/dialects.ts';
import type { CompiledQuery } from '../store/dialect/sql-compiler.ts';

/** The levels of the map, coarsest first; each lies in the one before it. */
export const LEVELS = ['region', 'municipality', 'pc4'] as const;
export type RegionalLevel = (typeof LEVELS)[number];

/**
 * The levels a run at `level` computes together: the province and the municipality always (one joint
 * release whichever is asked), the postcode area as well when asked for.
 */
export const levelsOf = (level: RegionalLevel): RegionalLevel[] =>
  level === 'pc4' ? ['region', 'municipality', 'pc4'] : ['region', 'municipality'];

/**
 * One row per patient and year: `id, region, municipality, pc4, sex, year, age` (whole years at 1 July; the
 * areas of every level `level` is computed with, `levelsOf`) and the year's ED
 * visits, unplanned admissions, GP contacts and cost, for patients living (born, not yet deceased) in the
 * year and not objecting to the purpose.
 */
export function regionalPictureSql(
  input: { level: RegionalLevel; years: readonly number[]; regions?: readonly string[] },
  purpose: string,
  dialect: DialectName,
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const cohort = new CohortSqlCompiler(q);
  const years = input.years
    .map(
      (y) =>
        `SELECT CAST(${q.param(y)} AS INTEGER) AS year, CAST(${q.param(`${y}-01-01`)} AS DATE) AS y0, ` +
        `CAST(${q.param(`${y}-12-31`)} AS DATE) AS y1, CAST(${q.param(`${y}-07-01`)} AS DATE) AS mid`,
    )
    .join(' UNION ALL ');
  const levels = levelsOf(input.level);
  const where = [
    'p.birth_date IS NOT NULL',
    'p.birth_date <= y.y1',
    '(p.deceased_date IS NULL OR p.deceased_date >= y.y0)',
    // A patient without an area at a lower level is kept (unreleased) so the parent's remainder is checked.
    `(${levels.map((l) => `p.${l} IS NOT NULL`).join(' OR ')})`,
    cohort.notObjected('p.id', purpose),
  ];
  if (input.regions) where.push(q.inList('p.region', input.regions));
  const yearOf = (e: string) => `CAST(EXTRACT(YEAR FROM ${e}) AS INTEGER)`;
  const sql =
    `WITH years AS (${years}), ` +
    `enc AS (SELECT e.patient_id, ${yearOf('e.start_time')} AS year, ` +
    `SUM(CASE WHEN e.class_code = 'EMER' THEN 1 ELSE 0 END) AS ed, ` +
    `SUM(CASE WHEN e.class_code = 'IMP' AND e.priority = 'EM' THEN 1 ELSE 0 END) AS adm, ` +
    `SUM(CASE WHEN e.setting = 'gp' THEN 1 ELSE 0 END) AS gp FROM encounter e GROUP BY e.patient_id, ${yearOf('e.start_time')}), ` +
    `cst AS (SELECT k.patient_id, ${yearOf('k.billable_start')} AS year, SUM(k.total) AS cost FROM cost k ` +
    `GROUP BY k.patient_id, ${yearOf('k.billable_start')}) ` +
    `SELECT p.id, ${LEVELS.map((l) => (levels.includes(l) ? `p.${l}` : 'CAST(NULL AS VARCHAR)') + ` AS ${l}`).join(', ')}, p.sex, y.year, ${q.ageYears('p.birth_date', 'y.mid')} AS age, ` +
    `CAST(COALESCE(enc.ed, 0) AS FLOAT8) AS ed, CAST(COALESCE(enc.adm, 0) AS FLOAT8) AS adm, ` +
    `CAST(COALESCE(enc.gp, 0) AS FLOAT8) AS gp, CAST(COALESCE(cst.cost, 0) AS FLOAT8) AS cost ` +
    `FROM patient p CROSS JOIN years y ` +
    `LEFT JOIN enc ON enc.patient_id = p.id AND enc.year = y.year ` +
    `LEFT JOIN cst ON cst.patient_id = p.id AND cst.year = y.year ` +
    `WHERE ${where.join(' AND ')}`;
  return q.compiled(sql);
}
