import type { DuckDBConnection } from '@duckdb/node-api';
import type { Feature, ModelSpec } from '../features/feature-spec.ts';

/**
 * Fills a memory station with patients whose unplanned admission (within 365 days after the index
 * date) follows a known logistic model on the features of {@link simulationSpec}. Randomness is a hash
 * of (seed, patient, purpose), so data is the same on every run and thread count.
 */
export interface SimulationOptions {
  patients: number;
  seed: number;
  /** Prefix of patient ids: stations must not share ids. */
  prefix: string;
  /** Intercept and one coefficient per feature of simulationSpec(extraConditions). */
  beta: readonly number[];
  /** Number of extra condition features (codes 9000000+k, prevalence 5–25%). */
  extraConditions?: number;
  /** Added to the age in years of every patient (to make stations differ). */
  ageShift?: number;
}

export const SIM_INDEX_DATE = '2024-01-01';
export const SIM_REGIONS = ['Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Gelderland'] as const;

/** The feature spec the simulated model is defined on: age, female, diabetes, SBP, GP visits, extras. */
export function simulationSpec(extraConditions = 0): ModelSpec {
  const features: Feature[] = [
    { kind: 'age', name: 'age_decades' },
    { kind: 'sex', name: 'female', value: 'female' },
    { kind: 'condition', name: 'diabetes', codes: ['44054006'] },
    { kind: 'observation', name: 'sbp_per10', code: '8480-6', impute: 130, scale: 10 },
    { kind: 'encounters', name: 'gp_visits', setting: 'gp', days: 365 },
  ];
  for (let k = 0; k < extraConditions; k++) {
    features.push({ kind: 'condition', name: `cond${k}`, codes: [String(9000000 + k)] });
  }
  return {
    population: { indexDate: SIM_INDEX_DATE },
    features,
    outcome: { kind: 'unplanned-admission', days: 365 },
  };
}

const u = (seed: number, k: number) => `((hash(i, ${seed}, ${k}) % 1000003) + 0.5) / 1000003.0`;

export async function simulateStation(conn: DuckDBConnection, o: SimulationOptions): Promise<void> {
  const extra = o.extraConditions ?? 0;
  if (o.beta.length !== 6 + extra) throw new Error(`beta needs ${6 + extra} values`);
  const s = o.seed;
  const extraCols = Array.from(
    { length: extra },
    (_, k) => `, ${u(s, 20 + k)} < ${0.05 + (0.2 * k) / Math.max(1, extra)} AS x${k}`,
  ).join('');
  await conn.run(`CREATE OR REPLACE TEMP TABLE sim AS
    SELECT i, '${o.prefix}' || i AS id,
      CAST(DATE '${SIM_INDEX_DATE}' - CAST(floor((20 + ${o.ageShift ?? 0} + 70 * ${u(s, 1)}) * 365.25) AS INTEGER) AS DATE) AS birth_date,
      CASE WHEN ${u(s, 2)} < 0.5 THEN 'female' ELSE 'male' END AS sex,
      ${u(s, 3)} < 0.2 AS diabetes,
      ${u(s, 4)} < 0.7 AS has_sbp,
      round(130 + 15 * sqrt(-2 * ln(${u(s, 5)})) * cos(2 * pi() * ${u(s, 6)}), 1) AS sbp,
      CAST(floor(-ln(${u(s, 7)}) * 2.5) AS INTEGER) AS gp,
      ${u(s, 8)} AS uy,
      (hash(i, ${s}, 9) % 4) AS r${extraCols}
    FROM range(${o.patients}) t(i)`);
  const extraEta = Array.from(
    { length: extra },
    (_, k) => ` + ${o.beta[6 + k]} * CAST(x${k} AS INTEGER)`,
  ).join('');
  const [b0, bAge, bFem, bDia, bSbp, bGp] = o.beta;
  await conn.run(`CREATE OR REPLACE TEMP TABLE sim2 AS SELECT *,
      ${b0} + ${bAge} * (CAST(DATE '${SIM_INDEX_DATE}' - birth_date AS DOUBLE) / 365.25 / 10.0)
      + ${bFem} * CAST(sex = 'female' AS INTEGER) + ${bDia} * CAST(diabetes AS INTEGER)
      + ${bSbp} * (CASE WHEN has_sbp THEN sbp ELSE 130 END) / 10.0 + ${bGp} * gp${extraEta} AS eta
    FROM sim`);
  await conn.run(
    `INSERT INTO patient SELECT id, birth_date, sex, '3500', list_extract(['${SIM_REGIONS.join("','")}'], CAST(r AS INTEGER) + 1), 'X', NULL FROM sim2`,
  );
  await conn.run(
    `INSERT INTO condition SELECT 'c' || id, id, NULL, '44054006', 'http://snomed.info/sct', 'E11', TIMESTAMP '2020-01-01', NULL, 'active' FROM sim2 WHERE diabetes`,
  );
  for (let k = 0; k < extra; k++) {
    await conn.run(
      `INSERT INTO condition SELECT 'x${k}' || id, id, NULL, '${9000000 + k}', 'http://snomed.info/sct', NULL, TIMESTAMP '2019-06-01', NULL, 'active' FROM sim2 WHERE x${k}`,
    );
  }
  // An older reading too, so "latest before index" is tested; and one after the index, which must be ignored.
  await conn.run(
    `INSERT INTO observation SELECT 'o1' || id, id, NULL, '8480-6', 'http://loinc.org', sbp + 20, 'mm[Hg]', NULL, TIMESTAMP '2022-03-01', 'final' FROM sim2 WHERE has_sbp`,
  );
  await conn.run(
    `INSERT INTO observation SELECT 'o2' || id, id, NULL, '8480-6', 'http://loinc.org', sbp, 'mm[Hg]', NULL, TIMESTAMP '2023-06-01', 'final' FROM sim2 WHERE has_sbp`,
  );
  await conn.run(
    `INSERT INTO observation SELECT 'o3' || id, id, NULL, '8480-6', 'http://loinc.org', 200, 'mm[Hg]', NULL, TIMESTAMP '2024-02-01', 'final' FROM sim2 WHERE has_sbp`,
  );
  await conn.run(`INSERT INTO encounter SELECT 'g' || id || '-' || k, id, 'AMB', 'gp', NULL, NULL, 'R', TIMESTAMP '2023-01-05' + INTERVAL (k * 7) DAY, NULL, 'org'
    FROM (SELECT id, unnest(range(gp)) AS k FROM sim2 WHERE gp > 0)`);
  await conn.run(`INSERT INTO encounter SELECT 'a' || id, id, 'IMP', 'inpatient', NULL, NULL, 'EM', TIMESTAMP '2024-05-01', NULL, 'org'
    FROM sim2 WHERE uy < 1.0 / (1.0 + exp(-eta))`);
  await conn.run('DROP TABLE sim');
  await conn.run('DROP TABLE sim2');
}
