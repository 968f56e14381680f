import { CohortSqlCompiler } from '../cohort/sql/cohort-sql-compiler.ts';
import type { DialectName } from '../store/dialect/dialect.ts';
import { dialectOf } from '../store/dialect/dialects.ts';
import type { CompiledQuery } from '../store/dialect/sql-compiler.ts';

/**
 * One row per patient and year with any contact that year: `id, region, sex, pc4, age` (whole years at
 * 1 July), contacts and virtual contacts in all sectors, GP (gp + e-consult) and hospital (outpatient +
 * telemonitoring), and per pathway `pw<k>` whether a condition of it started by the end of the year.
 */
export function hybridCareSql(
  input: { years: readonly number[]; pathways: readonly { codes: readonly string[] }[] },
  purpose: string,
  dialect: DialectName,
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const cohort = new CohortSqlCompiler(q);
  const years = input.years
    .map(
      (y) =>
        `SELECT CAST(${q.param(y)} AS INTEGER) AS year, CAST(${q.param(`${y}-07-01`)} AS DATE) AS mid, ` +
        `CAST(${q.param(`${y + 1}-01-01`)} AS TIMESTAMP) AS y1`,
    )
    .join(' UNION ALL ');
  const sum = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  const isVirtual = "e.setting = 'virtual'";
  const isGp = "(e.setting = 'gp' OR e.virtual_kind = 'e-consult')";
  const isHospital = "(e.setting = 'outpatient' OR e.virtual_kind = 'telemonitoring')";
  const pathways = input.pathways
    .map(
      (p, k) =>
        `CASE WHEN EXISTS (SELECT 1 FROM condition c WHERE c.patient_id = p.id AND c.onset_date < y.y1 AND ${q.inList('c.code', p.codes)}) THEN 1 ELSE 0 END AS pw${k}`,
    )
    .join(', ');
  const sql =
    `WITH years AS (${years}), ` +
    `enc AS (SELECT e.patient_id, CAST(EXTRACT(YEAR FROM e.start_time) AS INTEGER) AS year, COUNT(*) AS contacts, ` +
    `${sum(isVirtual)} AS virt, ${sum(isGp)} AS gp, ${sum(`${isGp} AND ${isVirtual}`)} AS gp_virt, ` +
    `${sum(isHospital)} AS hosp, ${sum(`${isHospital} AND ${isVirtual}`)} AS hosp_virt ` +
    `FROM encounter e WHERE e.setting IN ('gp', 'outpatient', 'virtual') ` +
    `GROUP BY e.patient_id, CAST(EXTRACT(YEAR FROM e.start_time) AS INTEGER)) ` +
    `SELECT p.id, p.region, p.sex, p.pc4, y.year, ${q.ageYears('p.birth_date', 'y.mid')} AS age, ` +
    `CAST(enc.contacts AS FLOAT8) AS contacts, CAST(enc.virt AS FLOAT8) AS virt, CAST(enc.gp AS FLOAT8) AS gp, ` +
    `CAST(enc.gp_virt AS FLOAT8) AS gp_virt, CAST(enc.hosp AS FLOAT8) AS hosp, CAST(enc.hosp_virt AS FLOAT8) AS hosp_virt, ${pathways} ` +
    `FROM patient p JOIN years y ON TRUE JOIN enc ON enc.patient_id = p.id AND enc.year = y.year ` +
    `WHERE p.region IS NOT NULL AND p.birth_date IS NOT NULL AND ${cohort.notObjected('p.id', purpose)}`;
  return q.compiled(sql);
}

/**
 * One row per patient and calendar month (of the asked years) with any contact that month: `id, region,
 * year, month, contacts, virt` (all sectors; same patients as {@link hybridCareSql}).
 */
export function hybridCareMonthlySql(
  input: { years: readonly number[] },
  purpose: string,
  dialect: DialectName,
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const cohort = new CohortSqlCompiler(q);
  const year = 'CAST(EXTRACT(YEAR FROM e.start_time) AS INTEGER)';
  const month = 'CAST(EXTRACT(MONTH FROM e.start_time) AS INTEGER)';
  const sql =
    `WITH enc AS (SELECT e.patient_id, ${year} AS year, ${month} AS month, COUNT(*) AS contacts, ` +
    `SUM(CASE WHEN e.setting = 'virtual' THEN 1 ELSE 0 END) AS virt ` +
    `FROM encounter e WHERE e.setting IN ('gp', 'outpatient', 'virtual') ` +
    `AND ${year} IN (${input.years.map((y) => `CAST(${q.param(y)} AS INTEGER)`).join(', ')}) ` +
    `GROUP BY e.patient_id, ${year}, ${month}) ` +
    `SELECT p.id, p.region, enc.year, enc.month, CAST(enc.contacts AS FLOAT8) AS contacts, CAST(enc.virt AS FLOAT8) AS virt ` +
    `FROM patient p JOIN enc ON enc.patient_id = p.id ` +
    `WHERE p.region IS NOT NULL AND p.birth_date IS NOT NULL AND ${cohort.notObjected('p.id', purpose)}`;
  return q.compiled(sql);
}
