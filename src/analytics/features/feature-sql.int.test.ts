import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCohort } from '../../cohort/cohort-definition.ts';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../../test-support/postgres.ts';
import { loadFeatureMatrix } from '../glm/feature-matrix.ts';
import { type MemoryStation, memoryStation } from '../testing/memory-station.ts';
import { FeatureSpecSchema, type ModelSpec } from './feature-spec.ts';
import { featureSql } from './feature-sql.ts';

const spec: ModelSpec = {
  population: { indexDate: '2024-01-01', minAge: 18 },
  features: [
    { kind: 'age', name: 'age' },
    { kind: 'sex', name: 'female', value: 'female' },
    { kind: 'region', name: 'utrecht', value: 'Utrecht' },
    { kind: 'condition', name: 'diabetes', codes: ['44054006'] },
    { kind: 'observation', name: 'sbp', code: '8480-6', impute: 130 },
    { kind: 'encounters', name: 'gp', setting: 'gp', days: 365 },
  ],
  outcome: { kind: 'unplanned-admission', days: 365 },
};

/** Five patients covering every rule: too young, dead before index, objector, before/after index events. */
const DATA = [
  `INSERT INTO patient (id, birth_date, sex, region) VALUES
    ('p1', '1950-03-01', 'female', 'Utrecht'), ('p2', '1980-01-01', 'male', 'Limburg'),
    ('p3', '2010-01-01', 'female', 'Utrecht'), ('p4', '1940-01-01', 'male', 'Utrecht'),
    ('p5', '1960-06-01', 'male', 'Drenthe')`,
  `UPDATE patient SET deceased_date = '2023-05-01' WHERE id = 'p4'`,
  `INSERT INTO consent (id, patient_id, status, decision, purpose) VALUES ('k1', 'p5', 'active', 'deny', 'research')`,
  `INSERT INTO condition (id, patient_id, code, onset_date) VALUES ('c1', 'p1', '44054006', '2015-01-01'),
    ('c2', 'p2', '44054006', '2024-03-01')`,
  `INSERT INTO observation (id, patient_id, code, value, effective_time) VALUES
    ('o1', 'p1', '8480-6', 150, '2022-01-01'), ('o2', 'p1', '8480-6', 140, '2023-06-01'),
    ('o3', 'p1', '8480-6', 190, '2024-02-01')`,
  `INSERT INTO encounter (id, patient_id, class_code, setting, priority, start_time) VALUES
    ('e1', 'p1', 'AMB', 'gp', 'R', '2023-03-01 10:00:00'), ('e2', 'p1', 'AMB', 'gp', 'R', '2023-09-01 10:00:00'),
    ('e3', 'p1', 'AMB', 'gp', 'R', '2022-06-01 10:00:00'), ('e4', 'p2', 'IMP', 'inpatient', 'EM', '2024-04-01 08:00:00'),
    ('e5', 'p1', 'IMP', 'inpatient', 'R', '2024-04-01 08:00:00')`,
];

const EXPECTED = [
  { pid: 'p1', sex: 'female', region: 'Utrecht', f1: 1, f2: 1, f3: 1, f4: 140, f5: 2, y: 0 },
  { pid: 'p2', sex: 'male', region: 'Limburg', f1: 0, f2: 0, f3: 0, f4: 130, f5: 0, y: 1 },
];

const PG_DDL = [
  'CREATE TABLE patient (id text, birth_date date, sex text, pc4 text, region text, municipality text, deceased_date date)',
  'CREATE TABLE encounter (id text, patient_id text, class_code text, setting text, virtual_kind text, type_code text, priority text, start_time timestamp, end_time timestamp, organization_id text)',
  'CREATE TABLE condition (id text, patient_id text, encounter_id text, code text, system text, icd10 text, onset_date timestamp, abatement_date timestamp, clinical_status text)',
  'CREATE TABLE observation (id text, patient_id text, encounter_id text, code text, system text, value double precision, unit text, value_code text, effective_time timestamp, status text)',
  'CREATE TABLE consent (id text, patient_id text, status text, decision text, purpose text, date_time timestamp)',
];

const pick = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({
    pid: r.pid,
    sex: r.sex,
    region: r.region,
    f1: Number(r.f1),
    f2: Number(r.f2),
    f3: Number(r.f3),
    f4: Number(r.f4),
    f5: Number(r.f5),
    y: Number(r.y),
  }));

let duck: MemoryStation;
beforeAll(async () => {
  duck = await memoryStation('d');
  for (const s of DATA) await duck.connection.run(s);
});
afterAll(() => duck.close());

describe('feature SQL', () => {
  it('computes every feature kind and the outcome on DuckDB', async () => {
    const q = featureSql(spec, 'research');
    const rows = await duck.context().query(q.sql, q.params);
    expect(pick(rows)).toEqual(EXPECTED);
    // Age at index in decades: born 1950-03-01 → 73.8 years.
    expect(Number(rows[0]!.f0)).toBeCloseTo(
      (Date.UTC(2024, 0, 1) - Date.UTC(1950, 2, 1)) / 86400000 / 365.25 / 10,
      10,
    );
    // Month-based, centred age and a centred observation, as the synthetic generator defines them.
    const centred: ModelSpec = {
      ...spec,
      features: [
        { kind: 'age', name: 'age', months: true, centre: 60 },
        { kind: 'observation', name: 'sbp', code: '8480-6', impute: 120, centre: 120, scale: 10 },
      ],
    };
    const c = featureSql(centred, 'research');
    const crow = await duck.context().query(c.sql, c.params);
    expect(Number(crow[0]!.f0)).toBeCloseTo((886 / 12 - 60) / 10, 12);
    expect(Number(crow[0]!.f1)).toBeCloseTo(2, 12);
    expect(Number(crow[1]!.f1)).toBe(0);
    // The pseudonymous patient id is the one identifier, as `pid`, first.
    expect(rows.map((r) => r.pid)).toEqual(['p1', 'p2']);
    expect(Object.keys(rows[0]!)).toEqual([
      'pid',
      'sex',
      'region',
      'age',
      'f0',
      'f1',
      'f2',
      'f3',
      'f4',
      'f5',
      'y',
    ]);
  });

  it('keeps each row’s patient in the feature matrix, with an outcome and without', async () => {
    const m = await loadFeatureMatrix(duck.context(), spec);
    expect(m.ids).toEqual(['p1', 'p2']);
    expect(Array.from(m.y)).toEqual([0, 1]);
    const { outcome: _none, ...descriptive } = spec;
    const d = await loadFeatureMatrix(duck.context(), descriptive);
    expect(d.ids).toEqual(['p1', 'p2']);
  });

  it('the same SQL gives the same rows on PostgreSQL', async () => {
    if (!(await postgresAvailable())) return;
    const schema = await freshSchema('features');
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      for (const s of [...PG_DDL, ...DATA]) await client.query(s);
      const q = featureSql(spec, 'research');
      const res = await client.query(q.sql, [...q.params]);
      expect(pick(res.rows)).toEqual(EXPECTED);
      const duckRows = await duck.context().query(q.sql, q.params);
      res.rows.forEach((r, i) => {
        expect(Number(r.f0)).toBeCloseTo(Number(duckRows[i]!.f0), 12);
      });
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it('restricts the population to the members of a cohort definition, on both engines', async () => {
    // Type 2 diabetes, 50 or older at diagnosis: p1 (diagnosed at 64) is in, p2 (diagnosed at 44) is not.
    const onCohort: ModelSpec = {
      ...spec,
      population: {
        ...spec.population,
        cohort: parseCohort({
          name: 'T2D from 50',
          entry: { event: { domain: 'condition', codes: ['44054006'] } },
          demographics: { age: { min: 50 } },
        }),
      },
    };
    const q = featureSql(onCohort, 'research', 'duckdb');
    expect(pick(await duck.context().query(q.sql, q.params))).toEqual([EXPECTED[0]]);
    // The cohort's values are bound after the population's, never written into the SQL.
    expect(q.sql).not.toContain('44054006');
    expect(q.params).toContain('44054006');
    if (!(await postgresAvailable())) return;
    const schema = await freshSchema('features_cohort');
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      for (const s of [...PG_DDL, ...DATA]) await client.query(s);
      const pq = featureSql(onCohort, 'research', 'postgres');
      expect(pick((await client.query(pq.sql, [...pq.params])).rows)).toEqual([EXPECTED[0]]);
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it('runs injection attempts in regions, cohort codes and the purpose as plain values, on both engines', async () => {
    const evil: ModelSpec = {
      ...spec,
      population: {
        ...spec.population,
        regions: ["Utrecht' OR '1'='1"],
        cohort: parseCohort({
          name: 'evil',
          entry: { event: { domain: 'condition', codes: ["44054006') OR 1=1; DROP TABLE patient; --"] } },
          demographics: { municipalities: ['"; DELETE FROM consent; --'] },
        }),
      },
    };
    const q = featureSql(evil, "research' OR '1'='1", 'duckdb');
    expect(await duck.context().query(q.sql, q.params)).toEqual([]);
    const left = await duck
      .context()
      .query('SELECT (SELECT count(*) FROM patient) AS p, (SELECT count(*) FROM consent) AS c');
    expect([Number(left[0]?.p), Number(left[0]?.c)]).toEqual([5, 1]);
    if (!(await postgresAvailable())) return;
    const schema = await freshSchema('features_injection');
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      for (const s of [...PG_DDL, ...DATA]) await client.query(s);
      const pq = featureSql(evil, "research' OR '1'='1", 'postgres');
      expect((await client.query(pq.sql, [...pq.params])).rows).toEqual([]);
      const pleft = await client.query(
        'SELECT (SELECT count(*) FROM patient) AS p, (SELECT count(*) FROM consent) AS c',
      );
      expect([Number(pleft.rows[0].p), Number(pleft.rows[0].c)]).toEqual([5, 1]);
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it('codes and names that could inject SQL are rejected by the spec, values travel as parameters', () => {
    const bad = { ...spec, features: [{ kind: 'condition', name: 'x', codes: ["1') OR 1=1 --"] }] };
    expect(FeatureSpecSchema.safeParse(bad).success).toBe(false);
    const badName = { ...spec, features: [{ kind: 'age', name: 'a; DROP TABLE patient' }] };
    expect(FeatureSpecSchema.safeParse(badName).success).toBe(false);
    const q = featureSql(spec, "research' OR '1'='1");
    expect(q.sql).not.toContain("OR '1'='1");
    expect(q.params).toContain("research' OR '1'='1");
  });
});
