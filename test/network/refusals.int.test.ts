import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { AppError } from '../../src/common/app-error.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import type { Permit, PollResponse, Task } from '../../src/protocol/messages.ts';
import { approvePermit } from '../../src/station/policy/index.ts';
import { PENDING_PERMITS_FILE } from '../../src/station/runtime/station-node.ts';
import {
  FEASIBILITY,
  NETWORK_START_TIMEOUT_MS,
  type Network,
  startNetwork,
  stationStatuses,
} from './network-fixture.ts';

const DAY = 86_400_000;

/** A cohort with hundreds of patients at every station (GP contacts in 2024). */
function gpCohort(minAge: number) {
  return {
    name: `GP contact 2024, ${minAge}+`,
    entry: {
      event: { domain: 'encounter', settings: ['gp'] },
      dateRange: { from: '2024-01-01', to: '2024-12-31' },
    },
    demographics: { age: { min: minAge } },
  };
}

/** Exact patients of {@link gpCohort} at a station, by hand-written SQL (objections left in: small effect). */
const GP_BY_AGE = `
  WITH e AS (SELECT patient_id, min(start_time) AS t FROM encounter WHERE setting = 'gp'
               AND start_time >= TIMESTAMP '2024-01-01' AND start_time < TIMESTAMP '2025-01-01' GROUP BY patient_id)
  SELECT date_sub('year', CAST(p.birth_date AS TIMESTAMP), e.t) AS age, count(*) AS n
  FROM e JOIN patient p ON p.id = e.patient_id
  WHERE p.birth_date IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.patient_id = e.patient_id AND c.decision = 'deny' AND c.purpose = 'research')
  GROUP BY 1`;

/** Replaces each task of a poll answer. */
const mapTasks =
  (network: Network, change: (task: Task) => Task) =>
  (r: PollResponse): PollResponse => ({ ...r, tasks: r.tasks.map((e) => network.resign(e, change)) });

async function statusOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
}

describe('every refusal ends with its reason in the run', () => {
  let network: Network;
  beforeAll(async () => {
    network = await startNetwork();
  }, NETWORK_START_TIMEOUT_MS);
  afterEach(async () => {
    network.clockOffsetMs = 0;
    for (const s of network.stations) {
      s.intercept = undefined;
      await s.start();
    }
  });
  afterAll(async () => {
    await network?.close();
  });

  const station = (name: string) => network.stations.find((s) => s.spec.name === name)!;

  it('a task changed in transit: bad-signature at that station, the others answer', async () => {
    station('noord').intercept = (r) => ({
      ...r,
      tasks: r.tasks.map((e) => ({ ...e, task: { ...e.task, input: { cohort: gpCohort(0) } } })),
    });
    const run = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
    expect(stationStatuses(network, run)).toEqual({
      noord: { status: 'refused', reason: 'bad-signature' },
      midden: { status: 'done' },
      zuid: { status: 'done' },
    });
    expect(run.status).toBe('done');
  });

  it('an expired permit: the task is capped at the permit expiry, so stations say task-expired', async () => {
    // Permit issued 31 days ago for 30 days: expired yesterday. The hub's clock still says it was valid.
    network.clockOffsetMs = -31 * DAY;
    const permitId = await network.permit({ durationDays: 30 });
    const run = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
    expect(Object.values(stationStatuses(network, run))).toEqual(
      Array(3).fill({ status: 'refused', reason: 'task-expired' }),
    );
    expect(run.status).toBe('failed');
  });

  it('an expired permit in a task whose own expiry was stretched: permit-expired', async () => {
    network.clockOffsetMs = -31 * DAY;
    const permitId = await network.permit({ durationDays: 30 });
    for (const s of network.stations) {
      s.intercept = mapTasks(network, (t) => ({ ...t, expiresAt: new Date(Date.now() + DAY).toISOString() }));
    }
    const run = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
    expect(Object.values(stationStatuses(network, run))).toEqual(
      Array(3).fill({ status: 'refused', reason: 'permit-expired' }),
    );
  });

  it('the hub refuses a run on a permit that expired by its own clock', async () => {
    const permitId = await network.permit({ durationDays: 1 });
    network.clockOffsetMs = 2 * DAY;
    const researcher = await network.client('researcher');
    expect(await statusOf(researcher.createRun({ permitId, algorithm: FEASIBILITY, input: {} }))).toBe(
      'forbidden',
    );
  });

  it('a permit revoked while its task is on the way: the station refuses it (permit-revoked)', async () => {
    const permitId = await network.permit();
    const reviewer = await network.client('reviewer');
    const s = station('midden');
    s.intercept = async (r) => {
      if (!r.tasks.some((e) => e.task.permit.id === permitId)) return r;
      await reviewer.revokePermit(permitId, 'consent of the cohort withdrawn');
      // The station learns revocations from the hub's poll answer, which now lists this permit.
      const fresh = await s.wire.poll({ waitSeconds: 0 });
      return { tasks: r.tasks, revokedPermitIds: fresh.revokedPermitIds };
    };
    const run = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
    expect(stationStatuses(network, run).midden).toEqual({ status: 'refused', reason: 'permit-revoked' });
  });

  it('a permit revoked before an offline station polls: its task is withdrawn (permit-revoked)', async () => {
    const permitId = await network.permit();
    const zuid = station('zuid');
    await zuid.stop();
    const researcher = await network.client('researcher');
    const created = await researcher.createRun({
      permitId,
      algorithm: FEASIBILITY,
      input: { cohort: gpCohort(18) },
    });
    // Let the online stations answer first, then revoke.
    await waitUntil(async () => {
      const run = await researcher.getRun(created.id);
      return run.rounds[0]!.stations.filter((t) => t.status === 'done').length === 2;
    });
    await (await network.client('reviewer')).revokePermit(permitId, 'withdrawn');
    await zuid.start();
    const run = await researcher.waitForRun(created.id, { intervalMs: 50, timeoutMs: 30_000 });
    expect(stationStatuses(network, run).zuid).toEqual({ status: 'refused', reason: 'permit-revoked' });
    expect(run.status).toBe('done');
  });

  it('an algorithm the station does not accept: algorithm-not-accepted', async () => {
    await station('zuid').updatePolicy((p) => ({
      ...p,
      acceptedAlgorithms: p.acceptedAlgorithms.filter((a) => a.name !== FEASIBILITY.name),
    }));
    try {
      const run = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
      expect(stationStatuses(network, run).zuid).toEqual({
        status: 'refused',
        reason: 'algorithm-not-accepted',
      });
    } finally {
      await station('zuid').updatePolicy((p) => ({ ...p, acceptedAlgorithms: network.algorithms }));
    }
  });

  it('a purpose the station does not serve: purpose-not-accepted', async () => {
    const before = await readPolicyPurposes(station('midden').dir);
    await station('midden').updatePolicy((p) => ({
      ...p,
      acceptedPurposes: p.acceptedPurposes.filter((x) => x !== 'research'),
    }));
    try {
      const run = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
      expect(stationStatuses(network, run)).toEqual({
        noord: { status: 'done' },
        midden: { status: 'refused', reason: 'purpose-not-accepted' },
        zuid: { status: 'done' },
      });
    } finally {
      await station('midden').updatePolicy((p) => ({ ...p, acceptedPurposes: before }));
    }
  });

  it('a task under a permit that does not name the station: station-not-in-permit', async () => {
    const zuid = station('zuid');
    zuid.intercept = mapTasks(network, (t) => ({
      ...t,
      permit: { ...t.permit, stations: t.permit.stations.filter((id) => id !== zuid.stationId) },
    }));
    const run = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
    expect(stationStatuses(network, run).zuid).toEqual({
      status: 'refused',
      reason: 'station-not-in-permit',
    });
  });

  it("a permit awaiting the steward's approval: permit-not-approved, then done once approved", async () => {
    const noord = station('noord');
    await noord.updatePolicy((p) => ({ ...p, approval: { default: 'manual', permits: {} } }));
    try {
      const permitId = await network.permit();
      const first = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
      expect(stationStatuses(network, first).noord).toEqual({
        status: 'refused',
        reason: 'permit-not-approved',
      });
      const pending = JSON.parse(await readFile(join(noord.dir, PENDING_PERMITS_FILE), 'utf8')) as Record<
        string,
        Permit
      >;
      const permit = pending[permitId];
      expect(permit?.id).toBe(permitId);
      await noord.updatePolicy((p) => approvePermit(p, permit!, 'steward1', new Date()));
      const second = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
      expect(stationStatuses(network, second).noord).toEqual({ status: 'done' });
    } finally {
      await noord.updatePolicy((p) => ({ ...p, approval: { default: 'automatic', permits: {} } }));
    }
  });

  it('a used-up budget: the hub refuses the run; a hub that ignores it meets budget-exhausted', async () => {
    const permitId = await network.permit({ queryBudget: 1 });
    const first = await network.run(permitId, FEASIBILITY, { cohort: gpCohort(18) });
    expect(first.status).toBe('done');
    const researcher = await network.client('researcher');
    expect(
      await statusOf(
        researcher.createRun({ permitId, algorithm: FEASIBILITY, input: { cohort: gpCohort(18) } }),
      ),
    ).toBe('forbidden');

    // A hub that lets a permit of budget 2 through with a budget of 1 written in it: the station counts itself.
    const lying = await network.permit({ queryBudget: 2 });
    const noord = station('noord');
    noord.intercept = mapTasks(network, (t) => ({ ...t, permit: { ...t.permit, queryBudget: 1 } }));
    const ok = await network.run(lying, FEASIBILITY, { cohort: gpCohort(18) });
    expect(stationStatuses(network, ok).noord).toEqual({ status: 'done' });
    const over = await network.run(lying, FEASIBILITY, { cohort: gpCohort(18) });
    expect(stationStatuses(network, over).noord).toEqual({ status: 'refused', reason: 'budget-exhausted' });
  });

  it('roles at the hub: researchers do not decide, stewards act only for their organisation, no token no data', async () => {
    const researcher = await network.client('researcher');
    const request = await researcher.createRequest({
      purpose: 'research',
      title: 'Role test',
      description: 'Role test',
      stations: network.stations.map((s) => s.stationId),
      algorithms: [FEASIBILITY],
      durationDays: 30,
      queryBudget: 5,
    });
    expect(await statusOf(researcher.decideRequest(request.id, { approve: true, note: 'self' }))).toBe(
      'forbidden',
    );
    const steward2 = await network.client('steward2');
    expect(
      await statusOf(
        steward2.registerStation({
          name: 'intruder',
          organisationId: network.users.steward1!.organisationId,
          publicKeyPem: (await new HubClient(network.url).hubKey()).publicKeyPem,
        }),
      ),
    ).toBe('forbidden');
    const run = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
    expect(['forbidden', 'notFound']).toContain(await statusOf(steward2.getRun(run.id)));
    const anonymous = new HubClient(network.url);
    expect(await statusOf(anonymous.listPermits())).toBe('unauthenticated');
    expect(await statusOf(anonymous.getRun(run.id))).toBe('unauthenticated');
    expect(await statusOf(anonymous.poll())).toBe('unauthenticated');
    // A station token is not a user token.
    const stationClient = new HubClient(network.url, { token: 'not-a-token' });
    expect(await statusOf(stationClient.listPermits())).toBe('unauthenticated');
  });

  it('differencing: the same cohort with a criterion moved so few patients differ is withheld at that station, under a second permit too', async () => {
    // Find a minimum age whose cohort differs from the 18+ cohort by 1–9 patients at some station.
    const byStation = await Promise.all(
      network.stations.map(async (s) => {
        const rows = await s.node!.store.query(GP_BY_AGE);
        return new Map(rows.map((r) => [Number(r.age), Number(r.n)]));
      }),
    );
    const above = (ages: Map<number, number>, min: number) =>
      [...ages].filter(([a]) => a >= min).reduce((sum, [, n]) => sum + n, 0);
    let chosen: { minAge: number; station: number } | undefined;
    for (let minAge = 19; minAge < 40 && !chosen; minAge++) {
      const i = byStation.findIndex((ages) => {
        const d = above(ages, 18) - above(ages, minAge);
        return d >= 1 && d <= 9 && above(ages, minAge) >= 10;
      });
      if (i >= 0) chosen = { minAge, station: i };
    }
    expect(chosen, 'a minimum age that removes a small group').toBeDefined();
    const first = await network.run(await network.permit(), FEASIBILITY, { cohort: gpCohort(18) });
    expect(first.status).toBe('done');
    // Another permit of the same researcher: the station's ledger spans every permit.
    const second = await network.run(await network.permit(), FEASIBILITY, {
      cohort: gpCohort(chosen!.minAge),
    });
    expect(second.status).toBe('done');
    const stationId = network.stations[chosen!.station]!.stationId;
    const partial = (second.result as FeasibilityResult).stations.find((s) => s.stationId === stationId);
    expect(partial?.result.count).toEqual({ value: null, suppressed: true, reason: 'differencing' });
  });
});

async function readPolicyPurposes(dir: string) {
  const { loadPolicy } = await import('../../src/station/policy/index.ts');
  return (await loadPolicy(dir)).acceptedPurposes;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
