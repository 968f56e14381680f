import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { dropSchema, freshSchema, postgresAvailable, TEST_PG_URL } from '../test-support/postgres.ts';
import { IndicatorKeys } from './indicators.ts';
import { parseMonitorDefinition } from './monitor-definition.ts';
import { monitorConditionsSql, monitorIndicatorSql, monitorPopulationSql } from './monitor-sql.ts';

/** Seven patients covering every population rule and one event of each indicator kind. */
const DATA = [
  `INSERT INTO patient (id, birth_date, sex, region, municipality, deceased_date) VALUES
    ('a1', '1940-03-01', 'female', 'Gelderland', 'Nijmegen', NULL),
    ('a2', '1945-06-01', 'male', 'Gelderland', 'Arnhem', NULL),
    ('a3', '1960-01-01', 'female', 'Gelderland', 'Arnhem', NULL),
    ('a4', '1940-01-01', 'female', 'Gelderland', 'Arnhem', NULL),
    ('a5', '1940-01-01', 'male', 'Gelderland', 'Nijmegen', '2023-06-01'),
    ('a6', '1940-01-01', 'male', 'Gelderland', 'Arnhem', NULL),
    ('a7', '1940-01-01', 'male', 'Utrecht', 'Utrecht', NULL)`,
  `INSERT INTO condition (id, patient_id, code, onset_date) VALUES
    ('c1', 'a1', '44054006', '2010-01-01'), ('c2', 'a1', '13645005', '2015-01-01'),
    ('c3', 'a2', '52448006', '2019-01-01'), ('c4', 'a2', '44054006', '2024-06-01'),
    ('c5', 'a3', '44054006', '2010-01-01'), ('c6', 'a3', '13645005', '2010-01-01'),
    ('c7', 'a4', '44054006', '2010-01-01'), ('c8', 'a5', '84114007', '2010-01-01'),
    ('c9', 'a6', '84114007', '2010-01-01'), ('c10', 'a7', '84114007', '2010-01-01')`,
  `INSERT INTO consent (id, patient_id, status, decision, purpose) VALUES ('k1', 'a6', 'active', 'deny', 'public-health')`,
  `INSERT INTO encounter (id, patient_id, class_code, setting, priority, start_time, end_time) VALUES
    ('e1', 'a1', 'EMER', 'ed', 'EM', '2023-11-10 10:00:00', '2023-11-10 14:00:00'),
    ('e2', 'a1', 'EMER', 'ed', 'EM', '2024-02-05 10:00:00', '2024-02-05 14:00:00'),
    ('e3', 'a1', 'IMP', 'inpatient', 'EM', '2024-03-01 10:00:00', '2024-03-05 12:00:00'),
    ('e4', 'a1', 'IMP', 'inpatient', 'EM', '2024-03-20 10:00:00', '2024-03-22 12:00:00'),
    ('e5', 'a1', 'IMP', 'inpatient', 'R', '2024-05-01 10:00:00', '2024-05-03 12:00:00'),
    ('e6', 'a1', 'AMB', 'gp', 'R', '2024-01-15 10:00:00', '2024-01-15 10:10:00'),
    ('e7', 'a1', 'VR', 'virtual', 'R', '2024-01-20 10:00:00', '2024-01-20 10:10:00'),
    ('e8', 'a2', 'EMER', 'ed', 'EM', '2024-01-03 10:00:00', '2024-01-03 14:00:00'),
    ('e9', 'a2', 'AMB', 'gp', 'R', '2023-05-01 10:00:00', '2023-05-01 10:10:00'),
    ('e10', 'a7', 'EMER', 'ed', 'EM', '2024-01-03 10:00:00', '2024-01-03 14:00:00')`,
  `INSERT INTO cost (id, patient_id, billable_start, total) VALUES
    ('k1', 'a1', '2024-02-05 10:00:00', 420), ('k2', 'a1', '2023-12-01 10:00:00', 100)`,
];

const PG_DDL = [
  'CREATE TABLE patient (id text, birth_date date, sex text, pc4 text, region text, municipality text, deceased_date date)',
  'CREATE TABLE encounter (id text, patient_id text, class_code text, setting text, virtual_kind text, type_code text, priority text, start_time timestamp, end_time timestamp, organization_id text)',
  'CREATE TABLE condition (id text, patient_id text, encounter_id text, code text, system text, icd10 text, onset_date timestamp, abatement_date timestamp, clinical_status text)',
  'CREATE TABLE consent (id text, patient_id text, status text, decision text, purpose text, date_time timestamp)',
  'CREATE TABLE cost (id text, patient_id text, encounter_id text, billable_start timestamp, total double precision, currency text)',
  'CREATE TABLE procedure (id text, patient_id text, encounter_id text, code text, system text, performed_time timestamp)',
];

const FRAIL = ['44054006', '13645005', '84114007', '52448006'];
const monitor = parseMonitorDefinition({
  name: 'sql',
  owner: 'test',
  population: {
    ageAtStart: { min: 75 },
    regions: ['Gelderland'],
    frailty: { conditions: FRAIL, minCount: 2, anyOf: ['52448006', '84114007'] },
  },
  exposure: { kind: 'municipality', municipalities: ['Nijmegen'] },
  start: '2024-01-01',
  matching: { conditions: ['44054006'] },
  indicators: [...IndicatorKeys],
  baselineMonths: 12,
  followUpMonths: 6,
});

const month = (y: number, m: number) => y * 12 + m - 1;
const EXPECTED_POPULATION = [
  {
    id: 'a1',
    exposed: 1,
    excluded: 0,
    male: 0,
    prior_ed: 1,
    prior_adm: 0,
    prior_gp: 0,
    prior_cost: 100,
    age: 1006 / 12,
  },
  {
    id: 'a2',
    exposed: 0,
    excluded: 0,
    male: 1,
    prior_ed: 0,
    prior_adm: 0,
    prior_gp: 1,
    prior_cost: 0,
    age: 943 / 12,
  },
];
// [indicator index, patient, month, events, sum]
const EXPECTED_EVENTS = [
  [0, 'a1', month(2023, 11), 1, 1],
  [0, 'a1', month(2024, 2), 1, 1],
  [0, 'a2', month(2024, 1), 1, 1],
  [1, 'a1', month(2024, 3), 2, 2],
  [2, 'a1', month(2024, 3), 1, 1],
  [3, 'a1', month(2024, 3), 2, 6],
  [3, 'a1', month(2024, 5), 1, 2],
  [4, 'a1', month(2023, 12), 1, 100],
  [4, 'a1', month(2024, 2), 1, 420],
  [5, 'a1', month(2024, 1), 2, 2],
  [5, 'a2', month(2023, 5), 1, 1],
].map((r) => r.join('|'));

type Query = (sql: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

async function check(query: Query, dialect: 'duckdb' | 'postgres'): Promise<void> {
  const p = monitorPopulationSql(monitor, 'public-health', dialect);
  const pop = (await query(p.sql, p.params)).map((r) => ({
    id: r.id,
    exposed: Number(r.exposed),
    excluded: Number(r.excluded),
    male: Number(r.male),
    prior_ed: Number(r.prior_ed),
    prior_adm: Number(r.prior_adm),
    prior_gp: Number(r.prior_gp),
    prior_cost: Number(r.prior_cost),
    age: Number(r.age_m),
  }));
  expect(pop.map(({ age: _a, ...rest }) => rest)).toEqual(
    EXPECTED_POPULATION.map(({ age: _a, ...rest }) => rest),
  );
  pop.forEach((r, i) => {
    expect(r.age).toBeCloseTo(EXPECTED_POPULATION[i]!.age, 10);
  });
  const c = monitorConditionsSql(monitor, 'public-health', dialect);
  const condRows = (await query(c.sql, c.params)).map((r) => `${r.patient_id}|${r.code}`);
  expect(condRows).toEqual(['a1|44054006']);
  // The same conditions as the population's columns cond_k (k: the index in matching.conditions).
  const asColumns = (await query(p.sql, p.params)).flatMap((r) =>
    monitor.matching.conditions.flatMap((code, k) =>
      Number(r[`cond_${k}`]) === 1 ? [`${r.id}|${code}`] : [],
    ),
  );
  expect(asColumns).toEqual(condRows);
  const q = monitorIndicatorSql(monitor, monitor.indicators, 6, 'public-health', dialect);
  const rows = (await query(q.sql, q.params))
    .map((r) => [Number(r.k), r.patient_id, Number(r.m), Number(r.n), Number(r.s)].join('|'))
    .sort();
  expect(rows).toEqual([...EXPECTED_EVENTS].sort());
  // Restricted to given patients (the matched ones), as bound values: the same rows of those patients.
  const only = monitorIndicatorSql(monitor, monitor.indicators, 6, 'public-health', dialect, ['a2', 'a7']);
  const some = (await query(only.sql, only.params))
    .map((r) => [Number(r.k), r.patient_id, Number(r.m), Number(r.n), Number(r.s)].join('|'))
    .sort();
  expect(some).toEqual(
    [...EXPECTED_EVENTS.filter((e) => e.includes('|a2|')), [0, 'a7', month(2024, 1), 1, 1].join('|')].sort(),
  );
}

let duck: MemoryStation;
beforeAll(async () => {
  duck = await memoryStation('d');
  for (const s of DATA) await duck.connection.run(s);
});
afterAll(() => duck.close());

describe('monitor SQL', () => {
  it('selects the population, its covariates and each indicator per patient-month on DuckDB', async () => {
    const ctx = duck.context();
    await check((sql, params) => ctx.query(sql, params), 'duckdb');
  });

  it('gives the same rows on PostgreSQL', async () => {
    if (!(await postgresAvailable())) return;
    const schema = await freshSchema('monitor');
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      for (const s of [...PG_DDL, ...DATA]) await client.query(s);
      await check(async (sql, params) => (await client.query(sql, [...params])).rows, 'postgres');
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });
});
