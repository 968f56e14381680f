import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { DEFAULT_DISCLOSURE } from '../../src/privacy/disclosure/disclosure-policy.ts';
import { HAND_COUNTS, publishedAttrition } from './hand-counts.ts';
import {
  FEASIBILITY,
  NETWORK_START_TIMEOUT_MS,
  type Network,
  startNetwork,
  stationStatuses,
} from './network-fixture.ts';

async function cohortsIn(folder: string): Promise<{ file: string; cohort: { name: string } }[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (f) => ({
      file: f,
      cohort: JSON.parse(await readFile(join(folder, f), 'utf8')) as { name: string },
    })),
  );
}

const cohorts = [
  ...(await cohortsIn(join(import.meta.dirname, '..', '..', 'examples', 'cohorts'))),
  ...(await cohortsIn(join(import.meta.dirname, 'cohorts'))),
];

describe('feasibility through the hub equals hand-written SQL at every station', () => {
  let network: Network;
  const runIds: string[] = [];
  beforeAll(async () => {
    network = await startNetwork();
  }, NETWORK_START_TIMEOUT_MS);
  afterAll(async () => {
    await network?.close();
  });

  it('covers the example cohorts and two more', () => {
    expect(cohorts.length).toBeGreaterThanOrEqual(6);
    for (const { cohort } of cohorts) expect(HAND_COUNTS[cohort.name], cohort.name).toBeDefined();
  });

  it.each(cohorts)('$file', async ({ cohort }) => {
    // One permit per cohort: differencing control across cohorts of one permit is tested elsewhere.
    const run = await network.run(await network.permit(), FEASIBILITY, { cohort });
    runIds.push(run.id);
    const statuses = stationStatuses(network, run);
    expect(run.status, `${run.error} ${JSON.stringify(run.rounds)}`).toBe('done');
    expect(statuses).toEqual({
      noord: { status: 'done' },
      midden: { status: 'done' },
      zuid: { status: 'done' },
    });
    const result = run.result as FeasibilityResult;
    let expectedTotal = 0;
    let plainRuleTotal = 0;
    const exactTotals: number[] = [];
    for (const station of network.stations) {
      const rows = await station.node!.store.query(HAND_COUNTS[cohort.name]!);
      const exact = rows.map((r) => Number(r.n));
      const released = publishedAttrition(exact, DEFAULT_DISCLOSURE);
      const partial = result.stations.find((s) => s.stationId === station.stationId)?.result;
      expect(partial, station.spec.name).toBeDefined();
      // Each step is what the rule releases for this cohort alone — or withheld because an earlier
      // answer at the station (another cohort of this file) would give a small group with it.
      partial!.attrition.forEach((step, k) => {
        if (step.count.reason === 'differencing')
          expect(step.count.value, `${station.spec.name} step ${k}`).toBeNull();
        else expect(step.count.value, `${station.spec.name} step ${k}`).toBe(released[k]);
      });
      const final = partial!.count.reason === 'differencing' ? null : (released[released.length - 1] ?? null);
      expect(partial!.count.value, `${station.spec.name} count`).toBe(final);
      expectedTotal += final ?? 0;
      const last = exact[exact.length - 1]!;
      exactTotals.push(last);
      plainRuleTotal += last < 10 ? 0 : Math.round(last / 5) * 5;
    }
    expect(result.count.value).toBe(expectedTotal);
    // The headline is each station's own count rounded: the plain rule, unless a station withheld it.
    const withheld = result.stations.some((s) => s.result.count.reason === 'differencing');
    if (!withheld) expect(result.count.value).toBe(plainRuleTotal);
    // A test that only ever sees zeros proves little: at least one cohort must have patients.
    console.info(`${cohort.name}: exact ${exactTotals.join('/')} → released ${result.count.value}`);
  });

  it('at least two cohorts have a released total above zero', async () => {
    const researcher = await network.client('researcher');
    const runs = await Promise.all(runIds.map((id) => researcher.getRun(id)));
    const nonZero = runs.filter((r) => ((r.result as FeasibilityResult | undefined)?.count.value ?? 0) > 0);
    expect(nonZero.length).toBeGreaterThanOrEqual(2);
  });
});
