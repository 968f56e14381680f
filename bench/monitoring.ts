/**
 * Outcome monitoring end to end: a monitor with 24 follow-up months × 5 indicators and 1:1 propensity
 * matching at 3 stations (federated: each station's SQL, propensity score, matching and release through
 * the set and column ledgers, then the central half; stations concurrently as a network runs them, and
 * one after another), against a pooled baseline: the monitor's SQL (the population with its covariates
 * and matching conditions, and the indicator rows per patient-month of the whole population) run once
 * over the three stations' tables in one DuckDB.
 *
 *   node bin/run-ts.mjs bench/monitoring.ts [--patients 100000] [--dir DIR] [--memory 3GB] [--keep] [--reuse]
 *
 * `--patients` per station. The station tables are NOT made by the FHIR generator (3M patients through it
 * would take hours): they are built directly inside DuckDB with `range` and a seeded integer hash, shaped
 * like the station views the monitor SQL reads (patient, condition, encounter, cost): ages 59–99, a
 * quarter in the "clinic" town Nijmegen, three conditions, ~22 encounters and as many claims per patient
 * over 2021–2025, and a planted effect: from 2024-01 the clinic town's ED visits are 0.7 times the
 * others' (each kept with probability 0.7). Each station is a DuckDB database file in `--dir` (a fresh
 * temporary folder unless given; deleted at the end unless `--keep`; `--reuse` takes the files a run with
 * the same `--dir` and `--patients` left), so 3 × 1M patients do not have to
 * fit in memory; the pooled database attaches the three files read-only and reads their tables as one
 * (UNION ALL views), after the stations are closed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LocalHalf, StationContext } from '../src/analytics/algorithm.ts';
import { central } from '../src/analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../src/analytics/algorithms/outcome-monitor/definition.ts';
import { runFederated } from '../src/analytics/federated-driver.ts';
import { composeAlgorithm } from '../src/analytics/local-runner.ts';
import { fileStation, type MemoryStation, memoryStation } from '../src/analytics/testing/memory-station.ts';
import { describeDesign } from '../src/monitoring/balanced-matching.ts';
import { parseMonitorDefinition } from '../src/monitoring/monitor-definition.ts';
import {
  type MonitorPartial,
  type MonitorRunInput,
  MonitorRunInputSchema,
} from '../src/monitoring/monitor-partial.ts';
import { monitorIndicatorSql, monitorPopulationSql } from '../src/monitoring/monitor-sql.ts';
import { prepareMonitor } from '../src/monitoring/monitor-station.ts';
import { releaseMonitor } from '../src/monitoring/release-monitor.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    dir: { type: 'string' },
    memory: { type: 'string', default: '3GB' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});
const perStation = Number(values.patients);
const STATIONS = 3;
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'monitoring-bench-'));
mkdirSync(dir, { recursive: true });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const u = (seed: number, k: number, expr = 'i') =>
  `((hash(${expr}, ${seed}, ${k}) % 1000003) + 0.5) / 1000003.0`;

/** Fills the station tables with `n` patients of station `s` (ids `s<station>_<i>`). */
async function fill(conn: DuckDBConnection, s: number, n: number): Promise<void> {
  const seed = 1000 + s;
  const clinic = `${u(seed, 3)} < 0.25`;
  await conn.run(`INSERT INTO patient (id, birth_date, sex, region, municipality, deceased_date)
    SELECT 's${s}_' || i, DATE '1925-01-01' + CAST(floor(${u(seed, 1)} * 14600) AS INTEGER),
      CASE WHEN ${u(seed, 2)} < 0.5 THEN 'male' ELSE 'female' END, 'Gelderland',
      CASE WHEN ${clinic} THEN 'Nijmegen' ELSE 'Arnhem' END, NULL
    FROM range(${n}) t(i)`);
  await conn.run(`INSERT INTO condition (id, patient_id, code, onset_date)
    SELECT 'c${s}_' || i || '_' || c.k, 's${s}_' || i, c.code, TIMESTAMP '2010-01-01'
    FROM range(${n}) t(i), (VALUES (1, '44054006', 0.4), (2, '13645005', 0.3), (3, '84114007', 0.15)) c(k, code, p)
    WHERE ${u(seed, 10, 'i, c.k')} < c.p`);
  // Encounters: candidate events per patient, each kept with its probability, at a hashed moment in
  // 2021–2025; the clinic town's ED visits from 2024 kept with probability 0.7 more (the planted effect).
  const at = `TIMESTAMP '2021-01-01' + to_minutes(CAST(floor(${u(seed, 20, 'i, e.k, j')} * 2629440) AS BIGINT))`;
  await conn.run(`INSERT INTO encounter (id, patient_id, class_code, setting, priority, start_time, end_time)
    SELECT 'e${s}_' || i || '_' || e.k || '_' || j, 's${s}_' || i, e.cls, e.setting, e.prio, ${at},
      ${at} + to_days(CAST(CASE WHEN e.cls = 'IMP' THEN 1 + floor(${u(seed, 21, 'i, e.k, j')} * 9) ELSE 0 END AS INTEGER))
    FROM range(${n}) t(i),
      (VALUES (1, 'EMER', 'ed', 'EM', 6, 0.3), (2, 'AMB', 'gp', 'R', 30, 0.6), (3, 'IMP', 'inpatient', 'EM', 2, 0.2),
              (4, 'VR', 'virtual', 'R', 6, 0.3)) e(k, cls, setting, prio, m, p),
      range(30) r(j)
    WHERE j < e.m AND ${u(seed, 22, 'i, e.k, j')} < e.p
      AND NOT (e.k = 1 AND ${clinic} AND ${at} >= TIMESTAMP '2024-01-01' AND ${u(seed, 23, 'i, e.k, j')} >= 0.7)`);
  await conn.run(`INSERT INTO cost (id, patient_id, encounter_id, billable_start, total)
    SELECT 'k' || id, patient_id, id, start_time,
      CASE class_code WHEN 'EMER' THEN 420 WHEN 'IMP' THEN 2800 WHEN 'VR' THEN 25 ELSE 35 END
    FROM encounter WHERE starts_with(patient_id, 's${s}_')`);
  await conn.run('CHECKPOINT');
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

console.log(
  `load average at the start ${load()} (1, 5, 15 min); ${STATIONS} stations × ${perStation.toLocaleString('en-US')} patients in ${dir}`,
);
const t0 = performance.now();
const stationFile = (i: number) => join(dir, `station-${i + 1}.duckdb`);
const stations: MemoryStation[] = [];
for (let i = 0; i < STATIONS; i++) {
  const reuse = values.reuse && existsSync(stationFile(i));
  if (!reuse) rmSync(stationFile(i), { force: true });
  const st = reuse
    ? await fileStation(`station-${i + 1}`, stationFile(i))
    : await memoryStation(`station-${i + 1}`, stationFile(i));
  await st.connection.run(`SET memory_limit = '${values.memory}'`);
  if (!reuse) await fill(st.connection, i, perStation);
  stations.push(st);
}
const counts = async (c: DuckDBConnection) => {
  const r = (
    await c.runAndReadAll(
      'SELECT (SELECT COUNT(*) FROM patient) AS p, (SELECT COUNT(*) FROM encounter) AS e, (SELECT COUNT(*) FROM cost) AS k, (SELECT COUNT(*) FROM condition) AS c',
    )
  ).getRowObjectsJS()[0]!;
  return { p: Number(r.p), e: Number(r.e), k: Number(r.k), c: Number(r.c) };
};
const tot = { p: 0, e: 0, k: 0, c: 0 };
for (const st of stations) {
  const c = await counts(st.connection);
  for (const key of ['p', 'e', 'k', 'c'] as const) tot[key] += c[key];
}
const fmt = (n: number) => n.toLocaleString('en-US');
console.log(
  `data: ${fmt(tot.p)} patients, ${fmt(tot.e)} encounters, ${fmt(tot.k)} claims, ${fmt(tot.c)} conditions ` +
    `(generated in ${s(performance.now() - t0)}; load ${load()})`,
);

// Where a station's time goes: its SQL by query, the JavaScript of propensity score, matching and
// collecting the rows, and the release through the ledgers.
interface Profile {
  sql: Record<string, number>;
  rows: Record<string, number>;
  prepare: number;
  release: number;
  design: string;
  smd: string;
}
const profiles = new Map<string, Profile>();
const kindOf = (sql: string) =>
  sql.includes('prior AS')
    ? 'population'
    : sql.includes('SELECT DISTINCT c.patient_id')
      ? 'conditions'
      : 'indicators';
const timedContext = (ctx: StationContext): StationContext => ({
  ...ctx,
  query: async (sql, params) => {
    const p = profiles.get(ctx.stationId)!;
    const a = performance.now();
    const rows = await ctx.query(sql, params);
    const k = kindOf(sql);
    p.sql[k] = (p.sql[k] ?? 0) + performance.now() - a;
    p.rows[k] = (p.rows[k] ?? 0) + rows.length;
    return rows;
  },
});
const timedLocal: LocalHalf<MonitorRunInput, MonitorPartial> = {
  async run(ctx, raw) {
    const input = MonitorRunInputSchema.parse(raw);
    const a = performance.now();
    const prepared = await prepareMonitor(ctx, input);
    const b = performance.now();
    const out = releaseMonitor(ctx, prepared);
    const c = performance.now();
    const p = profiles.get(ctx.stationId)!;
    p.prepare += b - a;
    p.release += c - b;
    p.design = `${describeDesign(prepared.design)} (design ${prepared.designsTried}, max |SMD| ${Math.max(...prepared.smd.map((r) => Math.abs(r.after ?? 0))).toFixed(3)})`;
    p.smd = prepared.smd
      .map((r) => `${r.covariate} ${r.before?.toFixed(3) ?? '–'} → ${r.after?.toFixed(3) ?? '–'}`)
      .join(', ');
    return out;
  },
};
const alg = composeAlgorithm(definition, timedLocal, central);
const contexts = stations.map((st) => timedContext(st.context({ purpose: 'public-health' })));
const resetProfiles = () => {
  for (let i = 0; i < STATIONS; i++)
    profiles.set(`station-${i + 1}`, { sql: {}, rows: {}, prepare: 0, release: 0, design: '', smd: '' });
};

// Stations are separate machines: concurrently is how a network runs it; in turn is the sum of their work.
resetProfiles();
const c0 = performance.now();
const run = await runFederated(alg, contexts, { monitor });
const concurrent = performance.now() - c0;
const loadConcurrent = load();
resetProfiles();
const f0 = performance.now();
await runFederated(alg, contexts, { monitor }, { sequential: true });
const inTurn = performance.now() - f0;
const loadInTurn = load();
const inTurnProfiles = new Map(profiles);
for (const st of stations) st.close();

// The pooled baseline: one DuckDB attaching the three station files, their tables read as one.
const pooled = await memoryStation('pooled');
await pooled.connection.run(`SET memory_limit = '${values.memory}'`);
for (let i = 0; i < STATIONS; i++)
  await pooled.connection.run(`ATTACH '${stationFile(i)}' AS s${i + 1} (READ_ONLY)`);
for (const t of ['patient', 'condition', 'encounter', 'cost', 'consent']) {
  await pooled.connection.run(`DROP TABLE ${t}`);
  const parts = Array.from({ length: STATIONS }, (_, i) => `SELECT * FROM s${i + 1}.${t}`);
  await pooled.connection.run(`CREATE VIEW ${t} AS ${parts.join(' UNION ALL ')}`);
}
const ctx = pooled.context({ purpose: 'public-health' });
const b0 = performance.now();
let rows = 0;
for (const q of [
  monitorPopulationSql(monitor, 'public-health', 'duckdb'),
  monitorIndicatorSql(monitor, monitor.indicators, monitor.followUpMonths, 'public-health', 'duckdb'),
])
  rows += (await ctx.query(q.sql, q.params)).length;
const baseline = performance.now() - b0;
const loadBaseline = load();
pooled.close();
if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true });

const matched = run.result.stations.map((st) => run.result.groups[st]!.matchedExposed.value);
const ed = run.result.effects['ed-visits']!.at(-1)!.pooled;
console.log(
  `matched exposed per station: ${matched.join(', ')} (1:1); months ${run.result.months.length}; indicators ${monitor.indicators.length}; ` +
    `pooled ED rate ratio ${ed ? `${ed.estimate.toFixed(3)} (95% CI ${ed.lower.toFixed(3)}–${ed.upper.toFixed(3)})` : 'withheld'} against the planted 0.7`,
);
const edLast = run.result.effects['ed-visits']!.at(-1)!;
console.log(
  `  ED rate ratio per station: ${Object.entries(edLast.stations)
    .map(
      ([st, e]) =>
        `${st} ${e ? `${e.estimate.toFixed(3)} (${e.lower.toFixed(3)}–${e.upper.toFixed(3)})` : 'withheld'}`,
    )
    .join(', ')}`,
);
for (const [id, p] of inTurnProfiles) {
  const sql = Object.entries(p.sql)
    .map(([k, ms]) => `${k} ${s(ms)} (${fmt(p.rows[k] ?? 0)} rows)`)
    .join(', ');
  const sqlTotal = Object.values(p.sql).reduce((a, b) => a + b, 0);
  console.log(
    `  ${id} (in turn): SQL ${sql}; propensity, matching and rows in JS ${s(p.prepare - sqlTotal)}; release through the ledgers ${s(p.release)}`,
  );
  console.log(`    matching: ${p.design}`);
  console.log(`    SMD before → after matching: ${p.smd}`);
}
console.log(`federated, stations concurrently: ${s(concurrent)} (load ${loadConcurrent})`);
console.log(`federated, stations one after another: ${s(inTurn)} (load ${loadInTurn})`);
console.log(
  `pooled baseline (the monitor SQL once over the three stations' tables in one DuckDB, ${fmt(rows)} rows): ${s(baseline)} (load ${loadBaseline})`,
);
console.log(
  `ratio federated / pooled: ${(concurrent / baseline).toFixed(2)} concurrently, ${(inTurn / baseline).toFixed(2)} one after another`,
);
