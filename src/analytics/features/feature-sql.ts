import { badInput } from '../../common/app-error.ts';
import type { Feature, FeatureSpec, PopulationSpec } from './feature-spec.ts';

/** SQL text with its `$1`-style parameters. */
export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** Collects parameters and hands out their `$n` placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The ISO date `days` before or after `iso` (UTC arithmetic; dates have no time zone here). */
export function shiftDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw badInput('not a valid date', 'population.indexDate');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The population CTE `pop(id, sex, region, age)`: alive on the index date, born before it, and not
 * objecting to the permit's purpose. Age in years (days / 365.25).
 */
function populationCte(pop: PopulationSpec, purpose: string, p: Params): string {
  const idx = p.add(pop.indexDate);
  const conds = [
    'p.birth_date IS NOT NULL',
    `p.birth_date <= CAST(${idx} AS DATE)`,
    `(p.deceased_date IS NULL OR p.deceased_date > CAST(${idx} AS DATE))`,
    `NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = p.id AND c.decision = 'deny' AND c.purpose = ${p.add(purpose)})`,
  ];
  if (pop.sex) conds.push(`p.sex IN (${pop.sex.map((s) => p.add(s)).join(', ')})`);
  if (pop.regions) conds.push(`p.region IN (${pop.regions.map((r) => p.add(r)).join(', ')})`);
  const ageFilters: string[] = [];
  if (pop.minAge !== undefined) ageFilters.push(`age >= ${p.add(pop.minAge)}`);
  if (pop.maxAge !== undefined) ageFilters.push(`age < ${p.add(pop.maxAge)}`);
  const inner =
    `SELECT p.id, p.sex, p.region, CAST(CAST(${idx} AS DATE) - p.birth_date AS FLOAT8) / 365.25 AS age ` +
    `FROM patient p WHERE ${conds.join(' AND ')}`;
  return ageFilters.length ? `SELECT * FROM (${inner}) a WHERE ${ageFilters.join(' AND ')}` : inner;
}

/** SQL for the population's patients: `id, sex, region, age`. */
export function populationSql(pop: PopulationSpec, purpose: string): SqlQuery {
  const p = new Params();
  return { sql: populationCte(pop, purpose, p), params: p.values };
}

interface Compiled {
  ctes: string[];
  select: string[];
  joins: string[];
}

function compileFeature(
  f: Feature,
  i: number,
  idx: string,
  pop: PopulationSpec,
  p: Params,
  out: Compiled,
): void {
  const col = `f${i}`;
  switch (f.kind) {
    case 'age':
      out.select.push(`pop.age / 10.0 AS ${col}`);
      return;
    case 'sex':
      out.select.push(`CASE WHEN pop.sex = ${p.add(f.value)} THEN 1 ELSE 0 END AS ${col}`);
      return;
    case 'region':
      out.select.push(`CASE WHEN pop.region = ${p.add(f.value)} THEN 1 ELSE 0 END AS ${col}`);
      return;
    case 'condition': {
      const codes = f.codes.map((c) => p.add(c)).join(', ');
      out.ctes.push(
        `c${i} AS (SELECT DISTINCT patient_id FROM condition WHERE code IN (${codes}) AND onset_date < CAST(${idx} AS TIMESTAMP))`,
      );
      out.joins.push(`LEFT JOIN c${i} ON c${i}.patient_id = pop.id`);
      out.select.push(`CASE WHEN c${i}.patient_id IS NULL THEN 0 ELSE 1 END AS ${col}`);
      return;
    }
    case 'observation': {
      out.ctes.push(
        `o${i} AS (SELECT patient_id, value FROM (SELECT patient_id, value, ROW_NUMBER() OVER ` +
          `(PARTITION BY patient_id ORDER BY effective_time DESC, id) AS rn FROM observation WHERE code = ${p.add(f.code)} ` +
          `AND value IS NOT NULL AND effective_time < CAST(${idx} AS TIMESTAMP)) t WHERE rn = 1)`,
      );
      out.joins.push(`LEFT JOIN o${i} ON o${i}.patient_id = pop.id`);
      const scale = f.scale ?? 1;
      out.select.push(
        `CAST(COALESCE(o${i}.value, ${p.add(f.impute)}) AS FLOAT8) / ${p.add(scale)} AS ${col}`,
      );
      return;
    }
    case 'encounters': {
      const from = p.add(shiftDate(pop.indexDate, -f.days));
      out.ctes.push(
        `e${i} AS (SELECT patient_id, COUNT(*) AS n FROM encounter WHERE setting = ${p.add(f.setting)} ` +
          `AND start_time >= CAST(${from} AS TIMESTAMP) AND start_time < CAST(${idx} AS TIMESTAMP) GROUP BY patient_id)`,
      );
      out.joins.push(`LEFT JOIN e${i} ON e${i}.patient_id = pop.id`);
      out.select.push(`CAST(COALESCE(e${i}.n, 0) AS FLOAT8) AS ${col}`);
      return;
    }
    default: {
      const never: never = f;
      throw badInput(`unknown feature kind ${(never as { kind: string }).kind}`, `features[${i}]`);
    }
  }
}

/**
 * Compiles a feature spec to one query returning, per patient of the population, `sex`, `region`,
 * `age` (years, for subgroups), `f0..fk` (the features in order) and `y` (the outcome; 0 without one). The same SQL
 * runs on DuckDB and PostgreSQL. No identifiers are selected.
 */
export function featureSql(spec: FeatureSpec, purpose: string): SqlQuery {
  const p = new Params();
  const popSql = populationCte(spec.population, purpose, p);
  // A second parameter for the index date as a timestamp: PostgreSQL deduces one type per parameter.
  const idx = p.add(spec.population.indexDate);
  const out: Compiled = { ctes: [`pop AS (${popSql})`], select: [], joins: [] };
  spec.features.forEach((f, i) => {
    compileFeature(f, i, idx, spec.population, p, out);
  });
  if (!spec.outcome) {
    const select = [
      'pop.sex AS sex',
      'pop.region AS region',
      'pop.age AS age',
      ...out.select,
      'CAST(0 AS FLOAT8) AS y',
    ];
    const sql = `WITH ${out.ctes.join(',\n')}\nSELECT ${select.join(', ')}\nFROM pop ${out.joins.join(' ')}\nORDER BY pop.id`;
    return { sql, params: p.values };
  }
  const end = p.add(shiftDate(spec.population.indexDate, spec.outcome.days));
  out.ctes.push(
    `y AS (SELECT patient_id, COUNT(*) AS n FROM encounter WHERE class_code = 'IMP' AND priority = 'EM' ` +
      `AND start_time >= CAST(${idx} AS TIMESTAMP) AND start_time < CAST(${end} AS TIMESTAMP) GROUP BY patient_id)`,
  );
  out.joins.push('LEFT JOIN y ON y.patient_id = pop.id');
  const yExpr = spec.outcome.count
    ? 'CAST(COALESCE(y.n, 0) AS FLOAT8)'
    : 'CAST(CASE WHEN y.patient_id IS NULL THEN 0 ELSE 1 END AS FLOAT8)';
  const select = ['pop.sex AS sex', 'pop.region AS region', 'pop.age AS age', ...out.select, `${yExpr} AS y`];
  // ORDER BY makes the row order (and so floating sums) reproducible between runs.
  const sql = `WITH ${out.ctes.join(',\n')}\nSELECT ${select.join(', ')}\nFROM pop ${out.joins.join(' ')}\nORDER BY pop.id`;
  return { sql, params: p.values };
}
