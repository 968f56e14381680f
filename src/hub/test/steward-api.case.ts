import { expect, it } from 'vitest';
import { PermitSchema } from '../../protocol/messages.ts';
import { digestJson, verifyJson } from '../../protocol/signing.ts';
import type { SignedStewardDecision } from '../../protocol/steward-decision.ts';
import type { HubFixture } from './hub-fixture.ts';

const POLICY = {
  threshold: 10,
  rounding: 5,
  acceptedPurposes: ['research'],
  acceptedAlgorithms: [{ name: 'sum', version: '1.0.0', hash: 'a'.repeat(64) }],
  approvalDefault: 'manual',
  remoteApproval: { organisationId: 'x' },
};

/**
 * Approval by a station's steward in the browser, through the hub API: the station reports its policy and
 * the permits waiting there with its heartbeat, a steward of its organisation decides at the hub, the
 * station gets the signed decision on its next poll and reports what it made of it. Called inside the hub
 * API suite, so its responses are checked against the API document with the rest.
 */
export function stewardApiCases(fixture: () => HubFixture | undefined): void {
  const setUp = async (f: HubFixture, name: string) => {
    const a = await f.station('steward1', `${name} A`);
    const b = await f.station('steward2', `${name} B`);
    const permitId = await f.permit([a.id], 'sum@1.0.0');
    const elsewhere = await f.permit([b.id], 'sum@1.0.0');
    const permit = (await f.call('GET', `/api/permits/${permitId}`, await f.token('reviewer'))).body.permit;
    const digest = digestJson(PermitSchema.parse(permit));
    const report = (outcomes: unknown[] = []) =>
      f.call('POST', '/api/station/heartbeat', a.token, {
        dataVersion: 'v1',
        version: '0.1.0',
        steward: {
          policy: { ...POLICY, remoteApproval: { organisationId: f.demo.users.steward1!.organisationId } },
          // A made-up permit and one that does not name this station are not shown.
          waiting: [
            { permitId, digest, state: 'awaiting-approval' },
            { permitId: 'prm_forged', digest, state: 'awaiting-approval' },
            { permitId: elsewhere, digest, state: 'awaiting-approval' },
          ],
          outcomes,
        },
      });
    return { a, b, permitId, elsewhere, digest, report };
  };
  const view = async (f: HubFixture, stationId: string, who = 'steward1') =>
    f.call('GET', `/api/stations/${stationId}/stewardship`, await f.token(who));
  const decide = async (f: HubFixture, stationId: string, permitId: string, who: string, body: unknown) =>
    f.call('POST', `/api/stations/${stationId}/permits/${permitId}/decision`, await f.token(who), body);

  it("shows a station's reported policy and waiting permits to its own stewards and reviewers only", async ({
    skip: skipTest,
  }) => {
    const f = fixture();
    if (!f) return skipTest();
    const { a, permitId, report } = await setUp(f, 'Stewardship');
    const before = await view(f, a.id);
    expect(before.status).toBe(200);
    expect(before.body.policy).toBeUndefined();
    expect(before.body.permits).toEqual([]);
    expect((await report()).status).toBe(200);
    const seen = await view(f, a.id);
    expect(seen.body.station).toMatchObject({ id: a.id, status: 'online' });
    expect(seen.body.policy).toMatchObject({ threshold: 10, rounding: 5, approvalDefault: 'manual' });
    expect(seen.body.permits).toEqual([
      expect.objectContaining({ permitId, state: 'waiting', title: 'Test study', purpose: 'research' }),
    ]);
    expect((await view(f, a.id, 'reviewer')).status).toBe(200);
    expect((await view(f, a.id, 'admin')).status).toBe(200);
    const other = await view(f, a.id, 'steward2');
    expect(other.status).toBe(403);
    expect(other.body.where).toBe('id');
    expect((await view(f, a.id, 'researcher')).status).toBe(403);
    expect((await f.call('GET', `/api/stations/${a.id}/stewardship`)).status).toBe(401);
    expect((await view(f, 'stn_nope')).status).toBe(404);
    // A bad report is refused naming the place, and what was reported before is kept.
    const bad = await f.call('POST', '/api/station/heartbeat', a.token, {
      dataVersion: 'v1',
      version: '0.1.0',
      steward: {
        policy: POLICY,
        waiting: [{ permitId, digest: 'short', state: 'awaiting-approval' }],
        outcomes: [],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('body.steward.waiting[0].digest');
    expect((await view(f, a.id)).body.permits).toHaveLength(1);
  });

  it('records a steward decision signed for the station, hands it over once, and shows when the station applied it', async ({
    skip: skipTest,
  }) => {
    const f = fixture();
    if (!f) return skipTest();
    const { a, b, permitId, elsewhere, digest, report } = await setUp(f, 'Decide');
    await report();
    const reason = 'Purpose and data minimisation are in order for our patients.';
    // Only a steward of the station's organisation decides; the admin and other stewards are refused.
    expect((await decide(f, a.id, permitId, 'steward2', { approve: true, reason })).status).toBe(403);
    expect((await decide(f, a.id, permitId, 'admin', { approve: true, reason })).status).toBe(403);
    expect((await decide(f, a.id, permitId, 'reviewer', { approve: true, reason })).status).toBe(403);
    // A permit the station does not wait on (made up, or naming another station) is refused.
    const forged = await decide(f, a.id, 'prm_forged', 'steward1', { approve: true, reason });
    expect(forged.status).toBe(404);
    expect(forged.body.where).toBe('permitId');
    expect((await decide(f, a.id, elsewhere, 'steward1', { approve: true, reason })).status).toBe(404);
    expect((await decide(f, b.id, permitId, 'steward1', { approve: true, reason })).status).toBe(403);
    const noReason = await decide(f, a.id, permitId, 'steward1', { approve: true, reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.where).toBe('body.reason');

    const made = await decide(f, a.id, permitId, 'steward1', { approve: true, reason });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ permitId, decision: 'approve', state: 'decided', reason });
    expect((await decide(f, a.id, permitId, 'steward1', { approve: false, reason })).status).toBe(409);
    expect((await view(f, a.id)).body.permits[0]).toMatchObject({ permitId, state: 'decided' });

    // The station gets it signed by the hub on its next poll, once; another station never.
    const polled = await f.poll(a.token);
    expect(polled.stewardDecisions).toHaveLength(1);
    const signed = polled.stewardDecisions![0]! as SignedStewardDecision;
    const key = (await f.call('GET', '/api/hub/key')).body;
    expect(signed.keyId).toBe(key.keyId);
    expect(verifyJson(signed.decision, signed.signature, key.publicKeyPem)).toBe(true);
    expect(signed.decision).toMatchObject({
      stationId: a.id,
      permitId,
      permitDigest: digest,
      decision: 'approve',
      decidedBy: { role: 'steward', organisationId: f.demo.users.steward1!.organisationId },
    });
    expect((await f.poll(a.token)).stewardDecisions).toBeUndefined();
    expect((await f.poll(b.token)).stewardDecisions).toBeUndefined();

    // Another station cannot report on it; its own station reports it applied.
    await f.call('POST', '/api/station/heartbeat', b.token, {
      dataVersion: 'v1',
      version: '0.1.0',
      steward: { policy: POLICY, waiting: [], outcomes: [{ decisionId: made.body.id, outcome: 'refused' }] },
    });
    expect((await view(f, a.id)).body.permits[0].state).toBe('decided');
    await f.call('POST', '/api/station/heartbeat', a.token, {
      dataVersion: 'v1',
      version: '0.1.0',
      steward: { policy: POLICY, waiting: [], outcomes: [{ decisionId: made.body.id, outcome: 'applied' }] },
    });
    const after = (await view(f, a.id)).body.permits;
    expect(after).toEqual([
      expect.objectContaining({
        permitId,
        state: 'applied',
        decision: expect.objectContaining({ state: 'applied', stationAt: expect.any(String) }),
      }),
    ]);
    const audit = (await f.call('GET', `/api/audit?permitId=${permitId}`, await f.token('auditor'))).body as {
      action: string;
      actor: string;
    }[];
    const actions = audit.map((e) => e.action);
    expect(actions).toContain('permit.station-approved');
    expect(audit.find((e) => e.action === 'permit.station-decision-applied')?.actor).toBe(`station:${a.id}`);
  });

  it('shows a decision the station refused, and the permit waiting again for another one', async ({
    skip: skipTest,
  }) => {
    const f = fixture();
    if (!f) return skipTest();
    const { a, permitId, report } = await setUp(f, 'Refused');
    await report();
    const made = await decide(f, a.id, permitId, 'steward1', { approve: false, reason: 'Not our data.' });
    expect(made.status).toBe(201);
    await f.poll(a.token);
    await report([{ decisionId: made.body.id, outcome: 'refused', problem: 'remote approval is off' }]);
    const [p] = (await view(f, a.id)).body.permits;
    expect(p).toMatchObject({
      permitId,
      state: 'waiting',
      decision: { state: 'refused', stationProblem: 'remote approval is off', decision: 'deny' },
    });
    // Refused, the permit can be decided again.
    expect(
      (await decide(f, a.id, permitId, 'steward1', { approve: true, reason: 'Now allowed' })).status,
    ).toBe(201);
  });
}
