import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/audit/index.ts';
import { generateSigningKeys, keyIdOf, signJson } from '../../src/protocol/signing.ts';
import type { StewardDecision } from '../../src/protocol/steward-decision.ts';
import { loadPolicy, PENDING_PERMITS_FILE, PendingPermits } from '../../src/station/index.ts';
import { permitApprovalState, permitDigest } from '../../src/station/policy/index.ts';
import { FEASIBILITY, stationStatuses } from '../network/network-fixture.ts';
import { refusal, withNetwork } from './attack-fixture.ts';

const cohort = {
  name: 'GP contact 2024',
  entry: {
    event: { domain: 'encounter', settings: ['gp'] },
    dateRange: { from: '2024-01-01', to: '2024-12-31' },
  },
};

/**
 * Someone wants a permit to run at a station that approves permits by hand without its steward's
 * approval, now that stewards may approve through the hub: a steward of another organisation or the
 * platform admin decides at the hub, or a compromised hub signs decisions of its own making (by an admin,
 * by another organisation's steward, for another station, for a permit changed after the steward saw
 * it) or a third party signs with its own key. The hub refuses the first (403); the station refuses
 * every one of the others by its own checks, audits each, and the permit still waits.
 */
describe('attack: approving a permit at a station without its steward', () => {
  const network = withNetwork();

  it('is refused by the hub and, when the hub itself forges the decision, by the station', async () => {
    const net = network();
    const station = net.stations[0]!;
    const own = net.users[station.spec.steward]!;
    await station.updatePolicy((p) => ({
      ...p,
      approval: { default: 'manual', permits: {}, remote: { organisationId: own.organisationId } },
    }));
    const permitId = await net.permit();
    const first = await net.run(permitId, FEASIBILITY, { cohort });
    expect(stationStatuses(net, first)[station.spec.name]).toMatchObject({ reason: 'permit-not-approved' });
    const held = new PendingPermits(join(station.dir, PENDING_PERMITS_FILE)).get(permitId)!;
    expect(held).toBeDefined();

    // Through the hub's API: the admin and a steward of another organisation are refused.
    for (const who of ['admin', 'steward3']) {
      const client = await net.client(who);
      const e = await refusal(
        client.call('decideStationPermit', {
          params: { id: station.stationId, permitId },
          body: { approve: true, reason: 'approved for them' },
        }),
      );
      expect(e.status, who).toBe(403);
    }

    // A compromised hub signs decisions itself and slips them into the station's poll.
    const hubKeys = net.hub.ctx.keys;
    const base: StewardDecision = {
      id: 'sdc-forged',
      stationId: station.stationId,
      permitId,
      permitDigest: permitDigest(held),
      decision: 'approve',
      reason: 'forged',
      decidedBy: {
        userId: own.userId,
        email: own.email,
        name: 'Steward',
        role: 'steward',
        organisationId: own.organisationId,
      },
      decidedAt: new Date().toISOString(),
    };
    const other = net.users.steward3!;
    const forged: [StewardDecision, typeof hubKeys | ReturnType<typeof generateSigningKeys>][] = [
      [{ ...base, id: 'sdc-admin', decidedBy: { ...base.decidedBy, role: 'admin' } }, hubKeys],
      [
        {
          ...base,
          id: 'sdc-other-org',
          decidedBy: { ...base.decidedBy, userId: other.userId, organisationId: other.organisationId },
        },
        hubKeys,
      ],
      [{ ...base, id: 'sdc-other-station', stationId: net.stations[1]!.stationId }, hubKeys],
      [
        {
          ...base,
          id: 'sdc-changed',
          permitDigest: permitDigest({ ...held, queryBudget: held.queryBudget + 1 }),
        },
        hubKeys,
      ],
      [{ ...base, id: 'sdc-third-party' }, generateSigningKeys()],
    ];
    const envelopes = forged.map(([decision, keys]) => ({
      decision,
      keyId: keyIdOf(keys.publicKeyPem),
      signature: signJson(decision, keys.privateKeyPem),
    }));
    let delivered = false;
    station.intercept = (response) => {
      if (delivered) return response;
      delivered = true;
      return { ...response, stewardDecisions: envelopes };
    };
    await expect
      .poll(async () => refusedDecisions(station.node!.audit).then((e) => e.length), {
        timeout: 15_000,
      })
      .toBe(forged.length);
    station.intercept = undefined;

    expect(permitApprovalState(await loadPolicy(station.dir), held)).toBe('awaiting-approval');
    const again = await net.run(permitId, FEASIBILITY, { cohort });
    expect(stationStatuses(net, again)[station.spec.name]).toMatchObject({ reason: 'permit-not-approved' });
    const problems = (await refusedDecisions(station.node!.audit)).map((e) => [
      e.subject,
      e.details?.problem,
    ]);
    expect(problems).toEqual([
      ['sdc-admin', 'decision was not made by a data steward'],
      ['sdc-other-org', "decision was made by a steward of another organisation than this station's"],
      ['sdc-other-station', 'decision is addressed to another station'],
      ['sdc-changed', `permit ${permitId} differs from the one the steward decided on`],
      ['sdc-third-party', 'signed with a key this station does not know'],
    ]);
  }, 120_000);
});

async function refusedDecisions(audit: { entries(): AsyncIterable<AuditEntry> }): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of audit.entries()) if (e.action === 'permit.remote-decision-refused') out.push(e);
  return out;
}
