import { planCohort } from '../cohort/plan-cohort.ts';
import { CohortSqlCompiler } from '../cohort/sql/cohort-sql-compiler.ts';
import type { DialectName } from '../store/dialect/dialect.ts';
import { dialectOf } from '../store/dialect/dialects.ts';
import type { CompiledQuery, SqlCompiler } from '../store/dialect/sql-compiler.ts';
import { indicatorEventsSql, monthNumberSql } from './indicator-sql.ts';
import type { IndicatorKey } from './indicators.ts';
import { type MonitorDefinition, monthLabel } from './monitor-definition.ts';

/** First day of the month `offset` months after the monitor's start, `YYYY-MM-01`. */
export const monthStartIso = (m: MonitorDefinition, offset: number) => `${monthLabel(m.start, offset)}-01`;

/**
 * The monitor's population at the start date as the CTE `pop(id, municipality, deceased_date, age_m,
 * male)`: born and alive before the start, not objecting to the permit's purpose, in the regions and
 * age range, frail by the rule, in the cohort when one is given.
 */
function populationCte(m: MonitorDefinition, purpose: string, q: SqlCompiler): string {
  const cohort = new CohortSqlCompiler(q);
  const s = q.timestamp(m.start);
  const ageMonths =
    `((EXTRACT(YEAR FROM ${s}) - EXTRACT(YEAR FROM p.birth_date)) * 12 + ` +
    `EXTRACT(MONTH FROM ${s}) - EXTRACT(MONTH FROM p.birth_date))`;
  const where = [
    'p.birth_date IS NOT NULL',
    `p.birth_date < CAST(${s} AS DATE)`,
    `(p.deceased_date IS NULL OR p.deceased_date >= CAST(${s} AS DATE))`,
    cohort.notObjected('p.id', purpose),
  ];
  const pop = m.population;
  if (pop.regions) where.push(q.inList('p.region', pop.regions));
  if (pop.ageAtStart?.min !== undefined) where.push(`${ageMonths} >= ${q.param(pop.ageAtStart.min * 12)}`);
  if (pop.ageAtStart?.max !== undefined)
    where.push(`${ageMonths} < ${q.param((pop.ageAtStart.max + 1) * 12)}`);
  if (pop.frailty) {
    const f = pop.frailty;
    // Set-based (one pass over the conditions), not a subquery per patient.
    const count =
      `p.id IN (SELECT c.patient_id FROM condition c WHERE c.onset_date < ${s} AND ${q.inList('c.code', f.conditions)} ` +
      `GROUP BY c.patient_id HAVING COUNT(DISTINCT c.code) >= ${q.param(f.minCount)})`;
    const any = f.anyOf
      ? `p.id IN (SELECT c.patient_id FROM condition c WHERE c.onset_date < ${s} AND ${q.inList('c.code', f.anyOf)})`
      : '';
    where.push(q.anyOf([count, any]));
  }
  if (pop.cohort) where.push(`p.id IN (${cohort.patientsSql(planCohort(pop.cohort, purpose))})`);
  return (
    `SELECT p.id, p.municipality, p.deceased_date, CAST(${ageMonths} AS FLOAT8) / 12.0 AS age_m, ` +
    `CASE WHEN p.sex = 'male' THEN 1 ELSE 0 END AS male FROM patient p WHERE ${where.join(' AND ')}`
  );
}

/** The exposure rule as a boolean SQL expression on `pop.id` / `pop.municipality`. */
function exposureSql(m: MonitorDefinition, q: SqlCompiler): string {
  const e = m.exposure;
  const end = () => q.timestamp(monthStartIso(m, m.followUpMonths));
  switch (e.kind) {
    case 'municipality':
      return q.inList('pop.municipality', e.municipalities);
    case 'service': {
      const until = e.withinDays ? q.shiftDays(q.timestamp(m.start), '+', e.withinDays) : end();
      return (
        `EXISTS (SELECT 1 FROM encounter x WHERE x.patient_id = pop.id AND ${q.inList('x.type_code', e.encounterTypes)} ` +
        `AND x.start_time >= ${q.timestamp(m.start)} AND x.start_time < ${until})`
      );
    }
    case 'marker':
      return e.domain === 'procedure'
        ? `EXISTS (SELECT 1 FROM procedure x WHERE x.patient_id = pop.id AND ${q.inList('x.code', e.codes)} AND x.performed_time < ${end()})`
        : `EXISTS (SELECT 1 FROM condition x WHERE x.patient_id = pop.id AND ${q.inList('x.code', e.codes)} AND x.onset_date < ${end()})`;
  }
}

/**
 * One row per patient of the population: `id, deceased_date, age_m, male, exposed, excluded`, the
 * prior use of care in the 12 months before the start (`prior_ed, prior_adm, prior_gp, prior_cost`), and
 * per matching condition k (in the order of `matching.conditions`) `cond_k`: 1 when the patient has it
 * with onset before the start (the rows of {@link monitorConditionsSql}, as columns: one query, one
 * evaluation of the population).
 */
export function monitorPopulationSql(
  m: MonitorDefinition,
  purpose: string,
  dialect: DialectName,
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const from = q.timestamp(monthStartIso(m, -12));
  const to = q.timestamp(m.start);
  const pop = populationCte(m, purpose, q);
  const exposed = exposureSql(m, q);
  const excluded = m.comparison.excludeMunicipalities.length
    ? q.inList('pop.municipality', m.comparison.excludeMunicipalities)
    : 'FALSE';
  const conds = m.matching.conditions;
  const condCte = conds.length
    ? `, pcond AS (SELECT c.patient_id, ${conds
        .map((code, k) => `MAX(CASE WHEN c.code = ${q.param(code)} THEN 1 ELSE 0 END) AS cond_${k}`)
        .join(', ')} FROM condition c WHERE c.onset_date < ${to} AND ${q.inList('c.code', conds)} ` +
      'AND c.patient_id IN (SELECT id FROM pop) GROUP BY c.patient_id)'
    : '';
  const sql =
    `WITH pop AS (${pop}), ` +
    `prior AS (SELECT e.patient_id, ` +
    `SUM(CASE WHEN e.class_code = 'EMER' THEN 1 ELSE 0 END) AS ed, ` +
    `SUM(CASE WHEN e.class_code = 'IMP' AND e.priority = 'EM' THEN 1 ELSE 0 END) AS adm, ` +
    `SUM(CASE WHEN e.setting = 'gp' THEN 1 ELSE 0 END) AS gp ` +
    `FROM encounter e WHERE e.start_time >= ${from} AND e.start_time < ${to} AND e.patient_id IN (SELECT id FROM pop) GROUP BY e.patient_id), ` +
    `pcost AS (SELECT k.patient_id, SUM(k.total) AS cost FROM cost k WHERE k.billable_start >= ${from} ` +
    `AND k.billable_start < ${to} AND k.patient_id IN (SELECT id FROM pop) GROUP BY k.patient_id)` +
    condCte +
    ' ' +
    `SELECT pop.id, pop.deceased_date, pop.age_m, pop.male, ` +
    `CASE WHEN ${exposed} THEN 1 ELSE 0 END AS exposed, CASE WHEN ${excluded} THEN 1 ELSE 0 END AS excluded, ` +
    `CAST(COALESCE(prior.ed, 0) AS FLOAT8) AS prior_ed, CAST(COALESCE(prior.adm, 0) AS FLOAT8) AS prior_adm, ` +
    `CAST(COALESCE(prior.gp, 0) AS FLOAT8) AS prior_gp, CAST(COALESCE(pcost.cost, 0) AS FLOAT8) AS prior_cost` +
    conds.map((_, k) => `, COALESCE(pcond.cond_${k}, 0) AS cond_${k}`).join('') +
    ' FROM pop LEFT JOIN prior ON prior.patient_id = pop.id LEFT JOIN pcost ON pcost.patient_id = pop.id' +
    (conds.length ? ' LEFT JOIN pcond ON pcond.patient_id = pop.id' : '') +
    ' ORDER BY pop.id';
  return q.compiled(sql);
}

/** Rows `(patient_id, code)`: the matching conditions with onset before the start, for the population. */
export function monitorConditionsSql(
  m: MonitorDefinition,
  purpose: string,
  dialect: DialectName,
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const pop = populationCte(m, purpose, q);
  const codes = m.matching.conditions.length ? q.inList('c.code', m.matching.conditions) : 'FALSE';
  return q.compiled(
    `WITH pop AS (${pop}) SELECT DISTINCT c.patient_id, c.code FROM condition c ` +
      `WHERE c.patient_id IN (SELECT id FROM pop) AND c.onset_date < ${q.timestamp(m.start)} AND ${codes}`,
  );
}

/**
 * Rows `(k, patient_id, m, n, s)`: indicator number `k` (index into `indicators`), the patient, the month
 * number, the events and the sum of their values in that month, for the population (or only `patients`,
 * e.g. the matched ones, as bound values), from the start of the baseline to the end of `months` months of
 * follow-up.
 */
export function monitorIndicatorSql(
  m: MonitorDefinition,
  indicators: readonly IndicatorKey[],
  months: number,
  purpose: string,
  dialect: DialectName,
  patients?: readonly string[],
): CompiledQuery {
  const q = dialectOf(dialect).createCompiler();
  const pop = patients ? '' : populationCte(m, purpose, q);
  const whose = patients
    ? `ev.patient_id IN (SELECT id FROM chosen)`
    : 'ev.patient_id IN (SELECT id FROM pop)';
  const from = q.timestamp(monthStartIso(m, -m.baselineMonths));
  const to = q.timestamp(monthStartIso(m, months));
  const parts = indicators.map(
    (key, k) =>
      `SELECT ${k} AS k, ev.patient_id, ${monthNumberSql('ev.t')} AS m, COUNT(*) AS n, SUM(ev.v) AS s ` +
      `FROM (${indicatorEventsSql(key, q)}) ev WHERE ev.t >= ${from} AND ev.t < ${to} ` +
      `AND ${whose} GROUP BY ev.patient_id, ${monthNumberSql('ev.t')}`,
  );
  // The chosen patients once, as one bound array (not a parameter per id), joined by every indicator.
  const chosen = patients
    ? `chosen AS (SELECT p.id FROM patient p WHERE ${q.inTextArray('p.id', patients)})`
    : '';
  return q.compiled(`WITH ${patients ? chosen : `pop AS (${pop})`} ${parts.join(' UNION ALL ')}`);
}
