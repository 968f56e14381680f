/**
 * Feasibility latency: a three-criteria cohort at 100k and 1M patients (≈30 observations each) on
 * DuckDB and on PostgreSQL, the same compiled SQL shape on both, with the ratio; plus the baseline of
 * the same query on unsorted DuckDB tables, measured in the same run.
 *
 *   node bin/run-ts.mjs bench/feasibility.ts [--sizes 100000,1000000] [--runs 15] [--no-postgres]
 *        [--keep DIR] [--reuse DIR]
 *
 * `--keep DIR` leaves the clustered DuckDB file of each size in DIR (`feasibility-<n>.duckdb`);
 * `--reuse DIR` opens that file instead of generating and clustering again (no unsorted baseline then),
 * so a change to the compiled SQL can be measured at 1M patients in seconds.
 *
 * Data is generated inside each engine by the same integer hash, so both hold identical rows and the
 * counts must agree (checked).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseCohort } from '../src/cohort/cohort-definition.ts';
import { compileCohort } from '../src/cohort/compile-cohort.ts';
import { platformViews, tablesOfViews } from '../src/station/ingest/default-ingest-deps.ts';
import type { DialectName } from '../src/store/dialect/dialect.ts';
import { openStore } from '../src/store/open-store.ts';
import { readerRoleName } from '../src/store/postgres-store.ts';
import type { StationStore } from '../src/store/station-store.ts';
import { TEST_PG_URL } from '../src/test-support/postgres.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    runs: { type: 'string', default: '15' },
    'no-postgres': { type: 'boolean', default: false },
    keep: { type: 'string' },
    reuse: { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

const cohort = parseCohort({
  name: 'T2D, 40-80, poorly controlled, recent ED visit',
  entry: { event: { domain: 'condition', codes: ['44054006'] }, occurrence: 'first' },
  demographics: { age: { min: 40, max: 80 } },
  inclusion: [
    {
      name: 'HbA1c > 53 mmol/mol within 365 days after',
      event: { domain: 'observation', codes: ['4548-4'], value: { gt: 53 } },
      window: { direction: 'after', days: 365 },
    },
    {
      name: 'ED visit in the 365 days before',
      event: { domain: 'encounter', settings: ['ed'] },
      window: { direction: 'before', days: 365 },
    },
  ],
});

// r(i, salt) in [0, 1): the same integer arithmetic on both engines.
// Each salt has its own multiplier, so draws for different attributes of one row are not correlated.
const r = (i: string, salt: number) =>
  `((((${i}) + ${salt * 7919}) * ${2654435761 + salt * 83_1433_447} + ${salt * 104_729}) % 1000003) / 1000003.0`;
const day = (i: string, salt: number) => `CAST(floor(${r(i, salt)} * 3650) AS INTEGER)`;

function fillSql(n: number, dialect: DialectName): string[] {
  const series = (count: string) =>
    dialect === 'duckdb' ? `range(0, ${count}) AS g(i)` : `generate_series(0, ${count} - 1) AS g(i)`;
  const date = (expr: string) =>
    dialect === 'duckdb' ? `(DATE '2016-01-01' + ${expr})` : `(DATE '2016-01-01' + ${expr})`;
  const ts = (expr: string) => `CAST(${date(expr)} AS TIMESTAMP)`;
  const pid = (expr: string) => `'p' || CAST(${expr} AS VARCHAR)`;
  const obsPer = 30;
  const loincs = [
    '4548-4',
    '33914-3',
    '8480-6',
    '39156-5',
    '2093-3',
    '2085-9',
    '718-7',
    '6690-2',
    '2160-0',
    '1742-6',
  ];
  const loincCase = `CASE CAST(floor(${r('i', 7)} * 10) AS INTEGER) ${loincs.map((c, k) => `WHEN ${k} THEN '${c}'`).join(' ')} END`;
  return [
    `INSERT INTO patient (id, birth_date, sex, pc4, region, municipality, deceased_date)
     SELECT ${pid('i')}, ${date(`-${day('i', 1)} * 9`)}, CASE WHEN ${r('i', 2)} < 0.5 THEN 'female' ELSE 'male' END,
            '3500', CASE CAST(floor(${r('i', 3)} * 3) AS INTEGER) WHEN 0 THEN 'Utrecht' WHEN 1 THEN 'Groningen' ELSE 'Limburg' END,
            'Utrecht', NULL FROM ${series(String(n))}`,
    // ~1.5 conditions per patient; 10% of patients get type 2 diabetes.
    `INSERT INTO condition (id, patient_id, encounter_id, code, system, icd10, onset_date, abatement_date, clinical_status)
     SELECT 'c' || CAST(i AS VARCHAR), ${pid(`i % ${n}`)}, NULL,
            CASE WHEN i < ${n} AND ${r('i', 4)} < 0.10 THEN '44054006'
                 ELSE CASE CAST(floor(${r('i', 5)} * 5) AS INTEGER) WHEN 0 THEN '38341003' WHEN 1 THEN '13645005' WHEN 2 THEN '84114007' WHEN 3 THEN '35489007' ELSE '195967001' END END,
            'http://snomed.info/sct', NULL, ${ts(day('i', 6))}, NULL, 'active'
     FROM ${series(String(Math.round(n * 1.5)))}`,
    `INSERT INTO observation (id, patient_id, encounter_id, code, system, value, unit, value_code, effective_time, status)
     SELECT 'o' || CAST(i AS VARCHAR), ${pid(`i % ${n}`)}, NULL, ${loincCase}, 'http://loinc.org',
            round(CAST(30 + ${r('i', 8)} * 50 AS NUMERIC), 1), 'mmol/mol', NULL, ${ts(day('i', 9))}, 'final'
     FROM ${series(String(n * obsPer))}`,
    `INSERT INTO encounter (id, patient_id, class_code, setting, virtual_kind, type_code, priority, start_time, end_time, organization_id)
     SELECT 'e' || CAST(i AS VARCHAR), ${pid(`i % ${n}`)},
            CASE WHEN ${r('i', 10)} < 0.15 THEN 'EMER' ELSE 'AMB' END,
            CASE WHEN ${r('i', 10)} < 0.15 THEN 'ed' ELSE 'gp' END, NULL, NULL, NULL,
            ${ts(day('i', 11))}, NULL, NULL
     FROM ${series(String(n * 6))}`,
  ];
}

async function timeQuery(store: StationStore, sql: string, params: readonly unknown[]) {
  const times: number[] = [];
  let count = -1;
  await store.query(sql, params); // warm-up
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    const rows = await store.query(sql, params);
    times.push(performance.now() - t0);
    count = Number(Object.values(rows[0] ?? {})[0]);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, count };
}

async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const tables = tablesOfViews(await platformViews());
const withPg = !values['no-postgres'] && (await pgAvailable());
if (!values['no-postgres'] && !withPg) console.log(`PostgreSQL not reachable at ${TEST_PG_URL}: DuckDB only`);
console.log(`three-criteria cohort: ${cohort.name}; median of ${runs} runs\n`);

for (const n of sizes) {
  const fileName = `feasibility-${n}.duckdb`;
  const reused = values.reuse !== undefined && existsSync(join(values.reuse, fileName));
  if (values.keep) mkdirSync(values.keep, { recursive: true });
  const dir = reused ? values.reuse! : (values.keep ?? mkdtempSync(join(tmpdir(), 'bench-feas-')));
  if (!reused) rmSync(join(dir, fileName), { force: true });
  const duck = await openStore({ backend: 'duckdb', path: join(dir, fileName) }, tables);
  const q = compileCohort(cohort, { dialect: 'duckdb', purpose: 'research' }).count;
  let t0 = performance.now();
  let unsorted: { median: number; count: number } | undefined;
  let loadLine = '  DuckDB: reused the clustered file';
  if (!reused) {
    for (const s of fillSql(n, 'duckdb')) await duck.query(s);
    const duckFill = (performance.now() - t0) / 1000;
    unsorted = await timeQuery(duck, q.sql, q.params);
    t0 = performance.now();
    await duck.optimize();
    const duckOpt = (performance.now() - t0) / 1000;
    loadLine = `  DuckDB load ${duckFill.toFixed(1)} s, clustering ${duckOpt.toFixed(1)} s`;
  }
  const obs = Number((await duck.query('SELECT count(*) AS n FROM observation'))[0]?.n);
  const sorted = await timeQuery(duck, q.sql, q.params);
  console.log(`${n.toLocaleString('en')} patients, ${obs.toLocaleString('en')} observations`);
  console.log(loadLine);
  if (unsorted)
    console.log(`  DuckDB unsorted (baseline) ${unsorted.median.toFixed(1)} ms  count ${unsorted.count}`);
  const gain = unsorted ? `  (${(unsorted.median / sorted.median).toFixed(2)}x faster than unsorted)` : '';
  console.log(`  DuckDB clustered           ${sorted.median.toFixed(1)} ms  count ${sorted.count}${gain}`);
  await duck.close();
  if (!reused && !values.keep) rmSync(dir, { recursive: true, force: true });

  if (withPg) {
    const schema = `bench_feas_${process.pid}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const pgs = await openStore({ backend: 'postgres', url: TEST_PG_URL, schema }, tables);
    t0 = performance.now();
    for (const s of fillSql(n, 'postgres')) await pgs.query(s);
    await pgs.optimize();
    const pgFill = (performance.now() - t0) / 1000;
    const pq = compileCohort(cohort, { dialect: 'postgres', purpose: 'research' }).count;
    const pgRes = await timeQuery(pgs, pq.sql, pq.params);
    console.log(`  PostgreSQL load+index+cluster ${pgFill.toFixed(1)} s`);
    console.log(`  PostgreSQL indexed+clustered  ${pgRes.median.toFixed(1)} ms  count ${pgRes.count}`);
    console.log(`  ratio PostgreSQL / DuckDB: ${(pgRes.median / sorted.median).toFixed(2)}x`);
    if (pgRes.count !== sorted.count) console.log('  MISMATCH: the engines disagree on the count');
    await pgs.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP ROLE IF EXISTS ${readerRoleName(schema)}`);
    await admin.end();
  }
  console.log('');
}
