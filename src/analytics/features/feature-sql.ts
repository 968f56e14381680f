import { planCohort } from '../../cohort/plan-cohort.ts';
import { CohortSqlCompiler } from '../../cohort/sql/cohort-sql-compiler.ts';
import { badInput } from '../../common/app-error.ts';
import type { DialectName } from '../../store/dialect/dialect.ts';
import { dialectOf } from '../../store/dialect/dialects.ts';
import type { CompiledQuery, SqlCompiler } from '../../store/dialect/sql-compiler.ts';
import type { Feature, FeatureSpec, PopulationSpec } from './feature-spec.ts';

/**
 * Binds the values of one feature query. Feature SQL is compiled through the cohort SQL layer: one
 * numbering of `$n` for the population, its cohort and the features, and the cohort layer's rules
 * (who objected to the purpose) written once.
 */
class Params {
  readonly q: SqlCompiler;
  readonly cohort: CohortSqlCompiler;
  constructor(dialect: DialectName) {
    this.q = dialectOf(dialect).createCompiler();
    this.cohort = new CohortSqlCompiler(this.q);
  }
  add(value: unknown): string {
    return this.q.param(value);
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
function populationCte(pop: PopulationSpec, purpose: string, p: Params, idx: string): string {
  const conds = [
    'p.birth_date IS NOT NULL',
    `p.birth_date <= CAST(${idx} AS DATE)`,
    `(p.deceased_date IS NULL OR p.deceased_date > CAST(${idx} AS DATE))`,
    p.cohort.notObjected('p.id', purpose),
  ];
  if (pop.sex) conds.push(p.q.inList('p.sex', pop.sex));
  if (pop.regions) conds.push(p.q.inList('p.region', pop.regions));
  if (pop.cohort) conds.push(`p.id IN (${p.cohort.patientsSql(planCohort(pop.cohort, purpose))})`);
  const ageFilters: string[] = [];
  if (pop.minAge !== undefined) ageFilters.push(`age >= ${p.add(pop.minAge)}`);
  if (pop.maxAge !== undefined) ageFilters.push(`age < ${p.add(pop.maxAge)}`);
  const inner =
    `SELECT p.id, p.sex, p.region, CAST(CAST(${idx} AS DATE) - p.birth_date AS FLOAT8) / 365.25 AS age, ` +
    `CAST((EXTRACT(YEAR FROM CAST(${idx} AS DATE)) - EXTRACT(YEAR FROM p.birth_date)) * 12 + ` +
    `EXTRACT(MONTH FROM CAST(${idx} AS DATE)) - EXTRACT(MONTH FROM p.birth_date) AS FLOAT8) / 12.0 AS age_m ` +
    `FROM patient p WHERE ${conds.join(' AND ')}`;
  return ageFilters.length ? `SELECT * FROM (${inner}) a WHERE ${ageFilters.join(' AND ')}` : inner;
}

/** SQL for the population's patients: `id, sex, region, age`. */
export function populationSql(
  pop: PopulationSpec,
  purpose: string,
  dialect: DialectName = 'duckdb',
): CompiledQuery {
  const p = new Params(dialect);
  return p.q.compiled(populationCte(pop, purpose, p, p.add(pop.indexDate)));
}

interface Compiled {
  ctes: string[];
  select: string[];
  joins: string[];
  /** Aggregates over one pass of a table each (one join per table, not one per feature). */
  conditionCols: string[];
  conditionCodes: string[];
  observationCols: string[];
  observationCodes: string[];
  encounterCols: string[];
  encounterFrom: string[];
}

function compileFeature(f: Feature, i: number, pop: PopulationSpec, p: Params, out: Compiled): void {
  const col = `f${i}`;
  switch (f.kind) {
    case 'age': {
      const years = f.months ? 'pop.age_m' : 'pop.age';
      out.select.push(
        f.centre === undefined
          ? `${years} / 10.0 AS ${col}`
          : `(${years} - ${p.add(f.centre)}) / 10.0 AS ${col}`,
      );
      return;
    }
    case 'sex':
      out.select.push(`CASE WHEN pop.sex = ${p.add(f.value)} THEN 1 ELSE 0 END AS ${col}`);
      return;
    case 'region':
      out.select.push(`CASE WHEN pop.region = ${p.add(f.value)} THEN 1 ELSE 0 END AS ${col}`);
      return;
    case 'condition': {
      const codes = f.codes.map((c) => p.add(c));
      out.conditionCodes.push(...codes);
      out.conditionCols.push(`MAX(CASE WHEN code IN (${codes.join(', ')}) THEN 1 ELSE 0 END) AS ${col}`);
      out.select.push(`COALESCE(cf.${col}, 0) AS ${col}`);
      return;
    }
    case 'observation': {
      const code = p.add(f.code);
      out.observationCodes.push(code);
      out.observationCols.push(`MAX(CASE WHEN code = ${code} THEN value END) AS ${col}`);
      const scale = f.scale ?? 1;
      const centred = f.centre === undefined ? '' : ` - ${p.add(f.centre)}`;
      out.select.push(
        `(CAST(COALESCE(of.${col}, ${p.add(f.impute)}) AS FLOAT8)${centred}) / ${p.add(scale)} AS ${col}`,
      );
      return;
    }
    case 'encounters': {
      const from = p.add(shiftDate(pop.indexDate, -f.days));
      out.encounterFrom.push(shiftDate(pop.indexDate, -f.days));
      out.encounterCols.push(
        `SUM(CASE WHEN setting = ${p.add(f.setting)} AND start_time >= CAST(${from} AS TIMESTAMP) THEN 1 ELSE 0 END) AS ${col}`,
      );
      out.select.push(`CAST(COALESCE(ef.${col}, 0) AS FLOAT8) AS ${col}`);
      return;
    }
    default: {
      const never: never = f;
      throw badInput(`unknown feature kind ${(never as { kind: string }).kind}`, `features[${i}]`);
    }
  }
}

/** Adds the per-table aggregate CTEs and their joins. */
function tableCtes(idx: string, p: Params, out: Compiled): void {
  if (out.conditionCols.length) {
    out.ctes.push(
      `cf AS (SELECT patient_id, ${out.conditionCols.join(', ')} FROM condition WHERE code IN (${out.conditionCodes.join(', ')}) ` +
        `AND onset_date < ${idx} GROUP BY patient_id)`,
    );
    out.joins.push('LEFT JOIN cf ON cf.patient_id = pop.id');
  }
  if (out.observationCols.length) {
    // The latest value per patient and code before the index date (ties broken by id, so reproducible).
    out.ctes.push(
      `ol AS (SELECT patient_id, code, value FROM (SELECT patient_id, code, value, ROW_NUMBER() OVER ` +
        `(PARTITION BY patient_id, code ORDER BY effective_time DESC, id) AS rn FROM observation ` +
        `WHERE code IN (${out.observationCodes.join(', ')}) AND value IS NOT NULL ` +
        `AND effective_time < ${idx}) t WHERE rn = 1)`,
      `of AS (SELECT patient_id, ${out.observationCols.join(', ')} FROM ol GROUP BY patient_id)`,
    );
    out.joins.push('LEFT JOIN of ON of.patient_id = pop.id');
  }
  if (out.encounterCols.length) {
    const earliest = p.add([...out.encounterFrom].sort()[0]);
    out.ctes.push(
      `ef AS (SELECT patient_id, ${out.encounterCols.join(', ')} FROM encounter ` +
        `WHERE start_time >= CAST(${earliest} AS TIMESTAMP) AND start_time < ${idx} GROUP BY patient_id)`,
    );
    out.joins.push('LEFT JOIN ef ON ef.patient_id = pop.id');
  }
}

/**
 * Compiles a feature spec to one query returning, per patient of the population, `pid` (the pseudonymous
 * patient id, so the station can tell which patients are behind a released number; it never leaves the
 * station), `sex`, `region`, `age` (years, for subgroups), `f0..fk` (the features in order) and `y` (the
 * outcome; 0 without one), ordered by `pid`. The same SQL runs on DuckDB and PostgreSQL.
 */
export function featureSql(
  spec: FeatureSpec,
  purpose: string,
  dialect: DialectName = 'duckdb',
): CompiledQuery {
  const p = new Params(dialect);
  const indexDate = p.add(spec.population.indexDate);
  const popSql = populationCte(spec.population, purpose, p, indexDate);
  // The index date as a timestamp, for event times.
  const idx = `CAST(CAST(${indexDate} AS DATE) AS TIMESTAMP)`;
  const out: Compiled = {
    ctes: [`pop AS (${popSql})`],
    select: [],
    joins: [],
    conditionCols: [],
    conditionCodes: [],
    observationCols: [],
    observationCodes: [],
    encounterCols: [],
    encounterFrom: [],
  };
  spec.features.forEach((f, i) => {
    compileFeature(f, i, spec.population, p, out);
  });
  tableCtes(idx, p, out);
  if (!spec.outcome) {
    const select = [
      'pop.id AS pid',
      'pop.sex AS sex',
      'pop.region AS region',
      'pop.age AS age',
      ...out.select,
      'CAST(0 AS FLOAT8) AS y',
    ];
    const sql = `WITH ${out.ctes.join(',\n')}\nSELECT ${select.join(', ')}\nFROM pop ${out.joins.join(' ')}\nORDER BY pop.id`;
    return p.q.compiled(sql);
  }
  const end = p.add(shiftDate(spec.population.indexDate, spec.outcome.days));
  out.ctes.push(
    `y AS (SELECT patient_id, COUNT(*) AS n FROM encounter WHERE class_code = 'IMP' AND priority = 'EM' ` +
      `AND start_time >= ${idx} AND start_time < CAST(${end} AS TIMESTAMP) GROUP BY patient_id)`,
  );
  out.joins.push('LEFT JOIN y ON y.patient_id = pop.id');
  const yExpr = spec.outcome.count
    ? 'CAST(COALESCE(y.n, 0) AS FLOAT8)'
    : 'CAST(CASE WHEN y.patient_id IS NULL THEN 0 ELSE 1 END AS FLOAT8)';
  const select = [
    'pop.id AS pid',
    'pop.sex AS sex',
    'pop.region AS region',
    'pop.age AS age',
    ...out.select,
    `${yExpr} AS y`,
  ];
  // ORDER BY makes the row order (and so floating sums) reproducible between runs.
  const sql = `WITH ${out.ctes.join(',\n')}\nSELECT ${select.join(', ')}\nFROM pop ${out.joins.join(' ')}\nORDER BY pop.id`;
  return p.q.compiled(sql);
}
