/**
 * Outcome monitoring end to end: a monitor with 24 follow-up months × 5 indicators and 1:1 propensity
 * matching at 3 stations (federated: each station's SQL, propensity score, matching and release ledger,
 * then the central half; stations concurrently as a network runs them, and one after another), against the baseline of the same monitor SQL (population, covariates and the
 * indicator rows per patient-month) run once over the three stations' tables in one DuckDB.
 *
 *   node bin/run-ts.mjs bench/monitoring.ts [--patients 100000] (per station)
 *
 * Data is generated inside DuckDB by an integer hash (ages 59–99, a quarter in the "clinic" town, three
 * conditions, ~20 encounters and claims per patient over 2021–2025), identical in the stations and the
 * pooled database.
 */
import { parseArgs } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import { central } from '../src/analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../src/analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../src/analytics/algorithms/outcome-monitor/local.ts';
import { runFederated } from '../src/analytics/federated-driver.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { memoryStation } from '../src/analytics/testing/memory-station.ts';
import { parseMonitorDefinition } from '../src/monitoring/monitor-definition.ts';
import {
  monitorConditionsSql,
  monitorIndicatorSql,
  monitorPopulationSql,
} from '../src/monitoring/monitor-sql.ts';
import { prepareMonitor } from '../src/monitoring/monitor-station.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '100000' } } });
const perStation = Number(values.patients);
const STATIONS = 3;

const u = (seed: number, k: number, expr = 'i') =>
  `((hash(${expr}, ${seed}, ${k}) % 1000003) + 0.5) / 1000003.0`;

/** Fills the station tables with `n` patients of station `s` (ids `s<station>_<i>`). */
async function fill(conn: DuckDBConnection, s: number, n: number): Promise<void> {
  const seed = 1000 + s;
  await conn.run(`INSERT INTO patient (id, birth_date, sex, region, municipality, deceased_date)
    SELECT 's${s}_' || i, DATE '1925-01-01' + CAST(floor(${u(seed, 1)} * 14600) AS INTEGER),
      CASE WHEN ${u(seed, 2)} < 0.5 THEN 'male' ELSE 'female' END, 'Gelderland',
      CASE WHEN ${u(seed, 3)} < 0.25 THEN 'Nijmegen' ELSE 'Arnhem' END, NULL
    FROM range(${n}) t(i)`);
  await conn.run(`INSERT INTO condition (id, patient_id, code, onset_date)
    SELECT 'c${s}_' || i || '_' || c.k, 's${s}_' || i, c.code, TIMESTAMP '2010-01-01'
    FROM range(${n}) t(i), (VALUES (1, '44054006', 0.4), (2, '13645005', 0.3), (3, '84114007', 0.15)) c(k, code, p)
    WHERE ${u(seed, 10, 'i, c.k')} < c.p`);
  // Encounters: candidate events per patient, each kept with its probability, at a hashed moment in 2021–2025.
  await conn.run(`INSERT INTO encounter (id, patient_id, class_code, setting, priority, start_time, end_time)
    SELECT 'e${s}_' || i || '_' || e.k || '_' || j, 's${s}_' || i, e.cls, e.setting, e.prio,
      TIMESTAMP '2021-01-01' + to_minutes(CAST(floor(${u(seed, 20, 'i, e.k, j')} * 2629440) AS BIGINT)),
      TIMESTAMP '2021-01-01' + to_minutes(CAST(floor(${u(seed, 20, 'i, e.k, j')} * 2629440) AS BIGINT))
        + to_days(CAST(CASE WHEN e.cls = 'IMP' THEN 1 + floor(${u(seed, 21, 'i, e.k, j')} * 9) ELSE 0 END AS INTEGER))
    FROM range(${n}) t(i),
      (VALUES (1, 'EMER', 'ed', 'EM', 6, 0.3), (2, 'AMB', 'gp', 'R', 30, 0.6), (3, 'IMP', 'inpatient', 'EM', 2, 0.2),
              (4, 'VR', 'virtual', 'R', 6, 0.3)) e(k, cls, setting, prio, m, p),
      range(30) r(j)
    WHERE j < e.m AND ${u(seed, 22, 'i, e.k, j')} < e.p`);
  await conn.run(`INSERT INTO cost (id, patient_id, encounter_id, billable_start, total)
    SELECT 'k' || id, patient_id, id, start_time,
      CASE class_code WHEN 'EMER' THEN 420 WHEN 'IMP' THEN 2800 WHEN 'VR' THEN 25 ELSE 35 END
    FROM encounter WHERE starts_with(patient_id, 's${s}_')`);
}

const monitor = parseMonitorDefinition({
  name: 'Bench monitor',
  owner: 'bench',
  population: {
    ageAtStart: { min: 75 },
    regions: ['Gelderland'],
    frailty: { conditions: ['44054006', '13645005', '84114007'], minCount: 2, anyOf: ['84114007'] },
  },
  exposure: { kind: 'municipality', municipalities: ['Nijmegen'] },
  start: '2024-01-01',
  matching: { conditions: ['44054006', '13645005', '84114007'], ratio: 1, caliperSd: 0.2 },
  indicators: ['ed-visits', 'unplanned-admissions', 'readmission-30d', 'cost', 'gp-virtual-contacts'],
  baselineMonths: 12,
  followUpMonths: 24,
});

const t0 = performance.now();
const stations = [];
for (let s = 0; s < STATIONS; s++) {
  const st = await memoryStation(`station-${s + 1}`);
  await fill(st.connection, s, perStation);
  stations.push(st);
}
const pooled = await memoryStation('pooled');
for (let s = 0; s < STATIONS; s++) await fill(pooled.connection, s, perStation);
const count = async (t: string) =>
  Number((await pooled.connection.runAndReadAll(`SELECT COUNT(*) AS n FROM ${t}`)).getRowObjectsJS()[0]!.n);
console.log(
  `data: ${STATIONS} stations × ${perStation.toLocaleString('en-US')} patients; pooled ${(await count('patient')).toLocaleString('en-US')} patients, ` +
    `${(await count('encounter')).toLocaleString('en-US')} encounters, ${(await count('cost')).toLocaleString('en-US')} claims ` +
    `(generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

const alg = composeAlgorithm(definition, local, central);
const contexts = stations.map((s) => s.context({ purpose: 'public-health' }));
// Stations are separate machines: concurrently is how a network runs it; in turn is the sum of their work.
const c0 = performance.now();
const run = await runFederated(alg, contexts, { monitor });
const concurrent = (performance.now() - c0) / 1000;
const f0 = performance.now();
await runFederated(alg, contexts, { monitor }, { sequential: true });
const federated = (performance.now() - f0) / 1000;

const b0 = performance.now();
const ctx = pooled.context({ purpose: 'public-health' });
let rows = 0;
for (const q of [
  monitorPopulationSql(monitor, 'public-health', 'duckdb'),
  monitorConditionsSql(monitor, 'public-health', 'duckdb'),
  monitorIndicatorSql(monitor, monitor.indicators, monitor.followUpMonths, 'public-health', 'duckdb'),
])
  rows += (await ctx.query(q.sql, q.params)).length;
const baseline = (performance.now() - b0) / 1000;

// A second baseline doing what the stations now do: the indicator rows of the matched patients only
// (their ids from each station, untimed), in chunks of bound ids, plus the population and condition SQL.
const matchedIds: string[] = [];
for (const c of contexts) {
  const s = await prepareMonitor(c, { monitor });
  matchedIds.push(...s.matchedExposed.ids, ...s.matchedControls.ids);
}
const m0 = performance.now();
let matchedRows = 0;
for (const q of [
  monitorPopulationSql(monitor, 'public-health', 'duckdb'),
  monitorConditionsSql(monitor, 'public-health', 'duckdb'),
])
  matchedRows += (await ctx.query(q.sql, q.params)).length;
for (let at = 0; at < matchedIds.length; at += 5000) {
  const q = monitorIndicatorSql(
    monitor,
    monitor.indicators,
    monitor.followUpMonths,
    'public-health',
    'duckdb',
    matchedIds.slice(at, at + 5000),
  );
  matchedRows += (await ctx.query(q.sql, q.params)).length;
}
const baselineMatched = (performance.now() - m0) / 1000;

const matched = run.result.stations.map((s) => run.result.groups[s]!.matchedExposed.value);
console.log(
  `matched exposed per station: ${matched.join(', ')}; months ${run.result.months.length}; indicators ${monitor.indicators.length}`,
);
console.log(
  `federated, stations concurrently (SQL + propensity + matching + ledger + central): ${concurrent.toFixed(2)} s`,
);
console.log(`federated, stations one after another (the sum of their work): ${federated.toFixed(2)} s`);
console.log(
  `baseline (the monitor SQL once over the pooled tables in one DuckDB, ${rows.toLocaleString('en-US')} rows): ${baseline.toFixed(2)} s`,
);
console.log(
  `ratio federated / pooled baseline: ${(concurrent / baseline).toFixed(2)} concurrently, ${(federated / baseline).toFixed(2)} one after another`,
);
console.log(
  `baseline 2 (population SQL once, indicator rows of the ${matchedIds.length.toLocaleString('en-US')} matched patients, ${matchedRows.toLocaleString('en-US')} rows): ${baselineMatched.toFixed(2)} s; ` +
    `ratio ${(concurrent / baselineMatched).toFixed(2)} concurrently, ${(federated / baselineMatched).toFixed(2)} one after another`,
);
for (const s of [...stations, pooled]) s.close();
