import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../analytics/algorithms/outcome-monitor/local.ts';
import { runFederated } from '../analytics/federated-driver.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { loadSynthPatients } from '../analytics/testing/load-synth-patients.ts';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { INTERVENTION_RATE_RATIO } from '../synth/intervention.ts';
import { type GeneratedPatient, generatePatients } from '../synth/patient-generator.ts';
import { PYRAMID } from '../synth/population-pyramid.ts';
import { synthContext } from '../synth/synth-context.ts';
import type { MonitorResult } from './combine-monitor.ts';
import { type MonitorDefinitionInput, monthNumber, parseMonitorDefinition } from './monitor-definition.ts';
import { type MonitorAtStation, prepareMonitor } from './monitor-station.ts';
import { type DidCell, pooledDid } from './poisson-did.ts';

/**
 * The planted neighbourhood clinic recovered from three stations. One synthetic population of a
 * province whose largest municipality is about a quarter of it (Gelderland: the clinic is in Nijmegen,
 * leaving a comparison pool large enough for 1:2 matching), split by patient index over three stations.
 * Only patients aged 70+ at the window start are loaded (nobody younger can be 75 at the start), which
 * keeps the test to about a minute.
 */
const OPTIONS = { patients: 45_000, seed: 2024, region: 'Gelderland' } as const;
const PURPOSE = 'public-health' as const;
const alg = composeAlgorithm(definition, local, central);

const example = (): MonitorDefinitionInput =>
  JSON.parse(readFileSync(new URL('../../examples/monitors/wijkkliniek.json', import.meta.url), 'utf8'));

let stations: MemoryStation[] = [];
let pooledStation: MemoryStation;
let clinicTown = '';
let monitor: MonitorDefinitionInput;
let result: MonitorResult;
let prepared: MonitorAtStation[] = [];

beforeAll(async () => {
  const ctx = synthContext(OPTIONS);
  clinicTown = ctx.interventionMunicipality.name;
  const parts: GeneratedPatient[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    const from = Math.floor((s * OPTIONS.patients) / 3);
    const to = Math.floor(((s + 1) * OPTIONS.patients) / 3);
    for (const p of generatePatients(OPTIONS, from, to - from)) {
      if ((PYRAMID[p.facts.ageBand]?.from ?? 0) >= 70) parts[s]!.push(p);
    }
  }
  stations = [];
  for (let s = 0; s < 3; s++) {
    const st = await memoryStation(`station-${s + 1}`);
    await loadSynthPatients(st.connection, parts[s]!);
    stations.push(st);
  }
  pooledStation = await memoryStation('pooled');
  await loadSynthPatients(pooledStation.connection, parts.flat());
  monitor = example();
  monitor.population.regions = [OPTIONS.region];
  monitor.exposure = { kind: 'municipality', municipalities: [clinicTown] };
  monitor.matching = { ...monitor.matching, ratio: 2 };
  const run = await runFederated(
    alg,
    stations.map((s) => s.context({ purpose: PURPOSE })),
    { monitor },
  );
  result = run.result;
  const parsed = parseMonitorDefinition(monitor);
  prepared = [];
  for (const s of stations)
    prepared.push(await prepareMonitor(s.context({ purpose: PURPOSE }), { monitor: parsed }));
}, 600_000);

afterAll(() => {
  for (const s of stations) s.close();
  pooledStation?.close();
});

describe('outcome monitor on the generated population, three stations', () => {
  it('recovers the planted rate ratio: the pooled DiD 95% CI contains it and the scale-up alert fires', () => {
    expect(clinicTown).toBe('Nijmegen');
    const last = result.effects['ed-visits']!.at(-1)!;
    expect(last.month).toBe('2025-12');
    expect(last.pooled).not.toBeNull();
    expect(last.pooled!.lower).toBeLessThan(INTERVENTION_RATE_RATIO);
    expect(last.pooled!.upper).toBeGreaterThan(INTERVENTION_RATE_RATIO);
    const alert = result.alerts.find((a) => a.kind === 'scale-up');
    expect(alert).toBeDefined();
    expect(monthNumber(alert!.month)).toBeLessThanOrEqual(monthNumber('2025-12'));
    expect(alert!.statistic).toBeLessThanOrEqual(-alert!.boundary);
    expect(alert!.reason.en).toMatch(/^Clearly better \(scale up\)/);
    expect(alert!.reason.nl).toMatch(/^Duidelijk beter \(opschalen\)/);
    expect(result.alerts.some((a) => a.kind === 'safety')).toBe(false);
    // Every station matched a group and released its series.
    for (const st of result.stations) expect(result.groups[st]!.matchedExposed.value).toBeGreaterThan(50);
  });

  it('balances every covariate after matching: |SMD| < 0.1 at every station, exact and as released', () => {
    for (const p of prepared) {
      expect(p.matchedExposed.ids.length).toBeGreaterThan(50);
      expect(p.matchedControls.ids.length).toBe(2 * p.matchedExposed.ids.length);
      for (const row of p.smd) expect(Math.abs(row.after ?? 0), `${row.covariate}`).toBeLessThan(0.1);
    }
    for (const rows of Object.values(result.balance)) {
      for (const row of rows) if (row.after.smd !== null) expect(Math.abs(row.after.smd)).toBeLessThan(0.1);
    }
  });

  it('gives the same pooled DiD from the federated aggregates as the same model on aggregates of the pooled data', async () => {
    const parsed = parseMonitorDefinition(monitor);
    const last = result.series['ed-visits']!.at(-1)!;
    const fed = result.effects['ed-visits']!.at(-1)!.pooled!;
    // The matched sets of each station, then one SQL over all patients in one database.
    await pooledStation.connection.run(
      'CREATE TABLE matched (id VARCHAR, station VARCHAR, arm INTEGER, until_month INTEGER)',
    );
    const appender = await pooledStation.connection.createAppender('matched');
    prepared.forEach((p, s) => {
      const station = `station-${s + 1}`;
      const asOf = monthNumber(last.stations[station]!.asOf);
      for (const [arm, ids] of [
        [1, p.matchedExposed.ids],
        [0, p.matchedControls.ids],
      ] as const) {
        for (const id of ids) {
          appender.appendVarchar(id);
          appender.appendVarchar(station);
          appender.appendInteger(arm);
          appender.appendInteger(asOf);
          appender.endRow();
        }
      }
    });
    appender.flushSync();
    appender.closeSync();
    const start = monthNumber(parsed.start);
    const rows = (
      await pooledStation.connection.runAndReadAll(
        `SELECT m.station, m.arm, CASE WHEN e.start_time < TIMESTAMP '${parsed.start}' THEN 0 ELSE 1 END AS post,
                COUNT(*) AS events
           FROM encounter e JOIN matched m ON m.id = e.patient_id
          WHERE e.class_code = 'EMER'
            AND e.start_time >= TIMESTAMP '${parsed.start}' - INTERVAL ${parsed.baselineMonths} MONTH
            AND EXTRACT(YEAR FROM e.start_time) * 12 + EXTRACT(MONTH FROM e.start_time) - 1 <= m.until_month
          GROUP BY 1, 2, 3`,
      )
    ).getRowObjectsJS();
    const sizes = (
      await pooledStation.connection.runAndReadAll(
        'SELECT station, arm, COUNT(*) AS n, MIN(until_month) AS until_month FROM matched GROUP BY 1, 2',
      )
    ).getRowObjectsJS();
    const cells: DidCell[] = sizes.flatMap((z) =>
      ([0, 1] as const).map((post) => ({
        station: String(z.station),
        exposed: Number(z.arm) as 0 | 1,
        post,
        events: Number(
          rows.find(
            (r) => r.station === z.station && Number(r.arm) === Number(z.arm) && Number(r.post) === post,
          )?.events ?? 0,
        ),
        personMonths: Number(z.n) * (post ? Number(z.until_month) - start + 1 : parsed.baselineMonths),
      })),
    );
    const direct = pooledDid(cells)!;
    expect(Math.abs(direct.estimate - fed.estimate) / fed.estimate).toBeLessThan(1e-6);
    expect(Math.abs(direct.se - fed.se) / fed.se).toBeLessThan(1e-6);
  });

  it('raises no alert where nothing was planted (a placebo municipality, the clinic town left out)', async () => {
    const placebo = structuredClone(monitor);
    placebo.name = 'Placebo: no clinic in Arnhem';
    placebo.exposure = { kind: 'municipality', municipalities: ['Arnhem'] };
    placebo.comparison = { excludeMunicipalities: [clinicTown] };
    const run = await runFederated(
      alg,
      stations.map((s) => s.context({ purpose: PURPOSE })),
      { monitor: placebo },
    );
    expect(run.result.alerts).toEqual([]);
    const last = run.result.effects['ed-visits']!.at(-1)!.pooled!;
    expect(last.lower).toBeLessThan(1);
    expect(last.upper).toBeGreaterThan(1);
  });
});
