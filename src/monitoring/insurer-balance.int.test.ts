import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { central } from '../analytics/algorithms/outcome-monitor/central.ts';
import { definition } from '../analytics/algorithms/outcome-monitor/definition.ts';
import { local } from '../analytics/algorithms/outcome-monitor/local.ts';
import { runFederated } from '../analytics/federated-driver.ts';
import { composeAlgorithm } from '../analytics/local-runner.ts';
import { loadSynthPatients } from '../analytics/testing/load-synth-patients.ts';
import { type MemoryStation, memoryStation } from '../analytics/testing/memory-station.ts';
import { INSURER_DEMO_STATIONS } from '../demo/demo-stations.ts';
import { generatePatients } from '../synth/patient-generator.ts';
import { PYRAMID } from '../synth/population-pyramid.ts';
import { BALANCE_SMD, describeDesign, matchingDesigns } from './balanced-matching.ts';
import type { MonitorResult } from './combine-monitor.ts';
import { parseMonitorDefinition } from './monitor-definition.ts';
import { type MonitorAtStation, prepareMonitor } from './monitor-station.ts';

/**
 * The insurer demo's hardest station for matching (`ai4h demo --insurer`): Ziekenhuis Noord, 10,000
 * patients of Groningen (seed 101), where the clinic town holds more frail 75+ patients than the rest of
 * the province (fewer patients in the comparison pool than exposed). Matching from the highest score down
 * once left age and prior cost at |SMD| 0.12 here; with the balance check every covariate must be balanced.
 * Only patients aged 70+ at the window start are loaded (nobody younger can be 75 at the start).
 */
const spec = INSURER_DEMO_STATIONS.find((s) => s.name === 'ziekenhuis-noord')!;
const monitor = parseMonitorDefinition(
  JSON.parse(
    readFileSync(new URL('../../examples/monitors/wijkkliniek-demo-network.json', import.meta.url), 'utf8'),
  ),
);

let station: MemoryStation;
let prepared: MonitorAtStation;
let result: MonitorResult;

beforeAll(async () => {
  station = await memoryStation(spec.name);
  const old = [];
  for (const p of generatePatients(
    { patients: spec.patients, seed: spec.seed, region: spec.province },
    0,
    spec.patients,
  ))
    if ((PYRAMID[p.facts.ageBand]?.from ?? 0) >= 70) old.push(p);
  await loadSynthPatients(station.connection, old);
  const ctx = station.context({ purpose: 'public-health' });
  prepared = await prepareMonitor(ctx, { monitor });
  result = (await runFederated(composeAlgorithm(definition, local, central), [ctx], { monitor })).result;
}, 600_000);

afterAll(() => station?.close());

describe('covariate balance at an insurer-sized demo station with a scarce comparison pool', () => {
  it('balances every covariate after matching (|SMD| < 0.1), exact and as released, with a remedy the first design lacked', () => {
    expect(spec.patients).toBe(10_000);
    expect(prepared.poolAll.ids.length).toBeLessThan(prepared.exposedAll.ids.length);
    expect(prepared.matchedExposed.ids.length).toBeGreaterThan(100);
    expect(prepared.matchedControls.ids.length).toBe(prepared.matchedExposed.ids.length);
    for (const row of prepared.smd)
      expect(Math.abs(row.after ?? Number.POSITIVE_INFINITY), row.covariate).toBeLessThan(BALANCE_SMD);
    // The design used is one of the list, and what it reports is what the matched sets show.
    expect(matchingDesigns(monitor.matching.caliperSd)).toContainEqual(prepared.design);
    const released = Object.values(result.balance)[0]!;
    expect(released.length).toBe(prepared.smd.length);
    for (const row of released)
      if (row.after.smd !== null) expect(Math.abs(row.after.smd)).toBeLessThan(BALANCE_SMD);
    const groups = Object.values(result.groups)[0]!;
    expect(groups.matching).toBe(describeDesign(prepared.design));
    expect(groups.caliperSd).toBe(prepared.design.caliperSd);
  });
});
