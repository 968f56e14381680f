import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import {
  FEASIBILITY,
  GP_ADULTS_2024,
  NETWORK_START_TIMEOUT_MS,
  type Network,
  startNetwork,
  stationStatuses,
} from './network-fixture.ts';

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reliability of the hub ↔ station round trip', () => {
  let network: Network;
  beforeAll(async () => {
    network = await startNetwork();
  }, NETWORK_START_TIMEOUT_MS);
  afterEach(async () => {
    network.clockOffsetMs = 0;
    for (const s of network.stations) await s.start();
  });
  afterAll(async () => {
    await network?.close();
  });

  const station = (name: string) => network.stations.find((s) => s.spec.name === name)!;

  /** Starts a run and waits until every station except `offline` has answered. */
  async function startRun(permitId: string, offline: string) {
    const researcher = await network.client('researcher');
    const run = await researcher.createRun({
      permitId,
      algorithm: FEASIBILITY,
      input: { cohort: GP_ADULTS_2024 },
    });
    await waitUntil(async () => {
      const now = await researcher.getRun(run.id);
      return now.rounds[0]!.stations.filter((t) => t.status === 'done').length === 2;
    });
    const now = await researcher.getRun(run.id);
    expect(now.status).toBe('running');
    expect(stationStatuses(network, now)[offline]).toEqual({ status: 'pending' });
    return run.id;
  }

  it('a station offline when the run is created picks its task up when it comes back', async () => {
    const permitId = await network.permit();
    await station('zuid').stop();
    const runId = await startRun(permitId, 'zuid');
    await station('zuid').start();
    const researcher = await network.client('researcher');
    const run = await researcher.waitForRun(runId, { intervalMs: 50, timeoutMs: 30_000 });
    expect(run.status).toBe('done');
    expect(Object.values(stationStatuses(network, run)).every((s) => s.status === 'done')).toBe(true);
    expect(run.provenance.answered).toHaveLength(3);
  });

  it('a hub restart loses no task and no result', async () => {
    const permitId = await network.permit();
    await station('midden').stop();
    const runId = await startRun(permitId, 'midden');
    const before = await (await network.client('researcher')).getRun(runId);

    await network.restartHub();

    const researcher = await network.client('researcher');
    const after = await researcher.getRun(runId);
    expect(after.rounds).toEqual(before.rounds);
    await station('midden').start();
    const run = await researcher.waitForRun(runId, { intervalMs: 50, timeoutMs: 30_000 });
    expect(run.status).toBe('done');
    expect(Object.values(stationStatuses(network, run)).every((s) => s.status === 'done')).toBe(true);
    // The partials answered before the restart are in the combined result.
    const result = run.result as FeasibilityResult;
    expect(result.stations.map((s) => s.stationId).sort()).toEqual(
      network.stations.map((s) => s.stationId).sort(),
    );
    const sum = result.stations.reduce((n, s) => n + (s.result.count.value ?? 0), 0);
    expect(result.count.value).toBe(sum);
    expect(sum).toBeGreaterThan(0);
    // The hub's hash-chained audit log survived the restart intact.
    const verification = await (await network.client('auditor')).verifyAudit();
    expect(verification.ok).toBe(true);
  });

  it('a task never answered ends timed-out and the run completes without it', async () => {
    const permitId = await network.permit();
    await station('noord').stop();
    const runId = await startRun(permitId, 'noord');
    // Past the task time-to-live (10 minutes) by the hub's clock; the sweep times the task out.
    network.clockOffsetMs = 11 * 60_000;
    expect(await network.hub.sweep()).toBe(1);
    const run = await (await network.client('researcher')).getRun(runId);
    expect(stationStatuses(network, run).noord).toEqual({ status: 'timed-out' });
    expect(run.status).toBe('done');
    expect(run.provenance.missing.map((m) => m.status)).toEqual(['timed-out']);
    // Back online, the station is not handed the dead task.
    network.clockOffsetMs = 0;
    await station('noord').start();
    expect(await station('noord').node!.agent.pollOnce(0)).toBe(0);
  });
});
