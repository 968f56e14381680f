import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryAuditStorage } from '../../audit/audit-storage.ts';
import { AuditLog } from '../../audit/index.ts';
import type { Permit } from '../../protocol/messages.ts';
import { generateSigningKeys, keyIdOf, signJson } from '../../protocol/signing.ts';
import type { SignedStewardDecision, StewardDecision } from '../../protocol/steward-decision.ts';
import { PendingPermits } from '../runtime/permit-usage.ts';
import { StewardDesk } from '../runtime/steward-desk.ts';
import { checkTask } from '../task-gate/check-task.ts';
import { approvePermit, permitApprovalState, permitDigest } from './permit-approval.ts';
import { verifyRemoteDecision } from './remote-approval.ts';
import { defaultPolicy, type StationPolicy } from './station-policy.ts';

const hub = generateSigningKeys();
const impostor = generateSigningKeys();
const NOW = new Date('2026-03-01T12:00:00.000Z');
const ORG = 'org_noord';
const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

const permit: Permit = {
  id: 'prm-1',
  purpose: 'research',
  holder: 'org-research',
  title: 'Frailty and ED visits',
  datasets: ['ds-1'],
  stations: ['umcu'],
  algorithms: [{ name: 'glm', version: '1.2.0' }],
  issuedAt: iso(-24 * HOUR),
  expiresAt: iso(24 * HOUR),
  queryBudget: 10,
};

function decision(overrides: Partial<StewardDecision> = {}): StewardDecision {
  return {
    id: 'sdc-1',
    stationId: 'umcu',
    permitId: permit.id,
    permitDigest: permitDigest(permit),
    decision: 'approve',
    reason: 'In order',
    decidedBy: {
      userId: 'usr-1',
      email: 'steward@noord.example',
      name: 'S',
      role: 'steward',
      organisationId: ORG,
    },
    decidedAt: iso(-60_000),
    ...overrides,
  };
}

function sign(d: StewardDecision, keys = hub): SignedStewardDecision {
  return { decision: d, keyId: keyIdOf(keys.publicKeyPem), signature: signJson(d, keys.privateKeyPem) };
}

function policy(remote: boolean, extra: Partial<Parameters<typeof defaultPolicy>[0]> = {}): StationPolicy {
  return defaultPolicy({
    hubPublicKey: hub.publicKeyPem,
    approval: { default: 'manual', permits: {}, ...(remote ? { remote: { organisationId: ORG } } : {}) },
    ...extra,
  });
}

const verify = (signed: unknown, p = policy(true), waiting: Permit[] = [permit]) =>
  verifyRemoteDecision(signed, {
    policy: p,
    stationId: 'umcu',
    waiting: (id) => waiting.find((w) => w.id === id),
    now: NOW,
  });

const problemOf = (signed: unknown, p?: StationPolicy, waiting?: Permit[]) => {
  const v = verify(signed, p, waiting);
  return v.ok ? 'accepted' : v.problem;
};

describe('verifyRemoteDecision', () => {
  it("accepts a hub-signed approval by a steward of the station's organisation for a permit it waits on", () => {
    const v = verify(sign(decision()));
    expect(v).toMatchObject({ ok: true, alreadyApplied: false, permit: { id: 'prm-1' } });
  });

  it('refuses everything while remote approval is off, which is the default', () => {
    expect(defaultPolicy().approval.remote).toBeUndefined();
    expect(problemOf(sign(decision()), policy(false))).toMatch(/remote approval is off/);
  });

  it('refuses a decision for a permit the station is not waiting on, or whose content changed', () => {
    expect(problemOf(sign(decision({ permitId: 'prm-other' })))).toMatch(/not waiting on permit prm-other/);
    expect(problemOf(sign(decision()), undefined, [])).toMatch(/not waiting on permit prm-1/);
    const changed = { ...permit, queryBudget: 1000 };
    expect(problemOf(sign(decision()), undefined, [changed])).toMatch(
      /differs from the one the steward decided on/,
    );
  });

  it('refuses a decision not made by a steward, or by a steward of another organisation', () => {
    const by = decision().decidedBy;
    expect(problemOf(sign(decision({ decidedBy: { ...by, role: 'admin' } })))).toMatch(
      /not made by a data steward/,
    );
    expect(problemOf(sign(decision({ decidedBy: { ...by, role: 'researcher' } })))).toMatch(/data steward/);
    expect(problemOf(sign(decision({ decidedBy: { ...by, organisationId: 'org_zuid' } })))).toMatch(
      /another organisation/,
    );
  });

  it('refuses a decision for another station, signed by another key, dated ahead, or malformed', () => {
    expect(problemOf(sign(decision({ stationId: 'rivas' })))).toMatch(/another station/);
    expect(problemOf(sign(decision(), impostor))).toMatch(/key this station does not know/);
    const forged = {
      ...sign(decision()),
      keyId: keyIdOf(hub.publicKeyPem),
      signature: sign(decision(), impostor).signature,
    };
    expect(problemOf(forged)).toMatch(/signature does not match/);
    expect(problemOf(sign(decision({ decidedAt: iso(HOUR) })))).toMatch(/future/);
    expect(problemOf({ decision: 'approve' })).toMatch(/not a signed decision/);
    expect(problemOf(null)).toMatch(/not a signed decision/);
    expect(problemOf(sign(decision()), policy(true, { hubPublicKey: undefined }))).toMatch(
      /no hub public key/,
    );
  });

  it('refuses any change to a signed decision (property)', () => {
    const signed = sign(decision());
    fc.assert(
      fc.property(
        fc.constantFrom<keyof StewardDecision>(
          'id',
          'stationId',
          'permitId',
          'reason',
          'decidedAt',
          'decision',
        ),
        fc.string({ minLength: 1 }),
        (field, value) => {
          const changed = { ...signed, decision: { ...signed.decision, [field]: value } };
          fc.pre(JSON.stringify(changed) !== JSON.stringify(signed));
          return !verify(changed).ok;
        },
      ),
    );
  });
});

describe('StewardDesk', () => {
  const desk = (p: StationPolicy, waiting: Permit[] = [permit]) => {
    let current = p;
    const pending = new PendingPermits();
    for (const w of waiting) pending.add(w);
    const storage = new MemoryAuditStorage();
    const audit = new AuditLog(storage);
    const d = new StewardDesk({
      stationId: 'umcu',
      policy: async () => current,
      savePolicy: async (next) => {
        current = next;
      },
      pending,
      audit,
      now: () => NOW,
    });
    return { d, pending, audit: storage, policy: () => current };
  };

  it('applies an approval: the permit runs, no longer waits, and the outcome is reported once', async () => {
    const { d, pending, audit, policy: now } = desk(policy(true));
    expect((await d.report()).waiting).toEqual([
      { permitId: 'prm-1', digest: permitDigest(permit), state: 'awaiting-approval' },
    ]);
    await d.apply([sign(decision())]);
    expect(permitApprovalState(now(), permit)).toBe('approved');
    expect(pending.get('prm-1')).toBeUndefined();
    expect(d.needsReport()).toBe(true);
    const report = await d.report();
    expect(report).toMatchObject({ waiting: [], outcomes: [{ decisionId: 'sdc-1', outcome: 'applied' }] });
    d.reported(report);
    expect(d.needsReport()).toBe(false);
    expect((await d.report()).outcomes).toEqual([]);
    // Sent again (the hub missed the report): reported again, not applied twice.
    await d.apply([sign(decision())]);
    expect((await d.report()).outcomes).toEqual([{ decisionId: 'sdc-1', outcome: 'applied' }]);
    const entries = audit.rows.map((e) => [e.actor, e.action, e.permitId]);
    expect(entries).toEqual([['steward:steward@noord.example', 'permit.approved', 'prm-1']]);
  });

  it('applies a denial: tasks under the permit are refused and it no longer waits', async () => {
    const { d, policy: now } = desk(
      policy(true, { acceptedAlgorithms: [{ name: 'glm', version: '1.2.0', hash: 'a'.repeat(64) }] }),
    );
    await d.apply([sign(decision({ decision: 'deny', reason: 'Not proportionate' }))]);
    expect(permitApprovalState(now(), permit)).toBe('denied');
    const task = {
      id: 't',
      runId: 'r',
      round: 0,
      stationId: 'umcu',
      permit,
      algorithm: { name: 'glm', version: '1.2.0', hash: 'a'.repeat(64) },
      input: {},
      issuedAt: iso(-1000),
      expiresAt: iso(HOUR),
    };
    const envelope = { task, keyId: keyIdOf(hub.publicKeyPem), signature: signJson(task, hub.privateKeyPem) };
    expect(
      checkTask(envelope, { policy: now(), stationId: 'umcu', now: NOW, revokedPermitIds: new Set() }),
    ).toMatchObject({
      ok: false,
      reason: 'permit-not-approved',
      message: 'permit prm-1 was denied by the data steward',
    });
    // Approving at the station afterwards (the CLI) lifts the denial.
    expect(permitApprovalState(approvePermit(now(), permit, 'steward', NOW), permit)).toBe('approved');
  });

  it('refuses, audits and reports a decision for a permit it is not waiting on or from a non-steward', async () => {
    const { d, audit, policy: now } = desk(policy(true));
    const by = decision().decidedBy;
    await d.apply([
      sign(decision({ id: 'sdc-x', permitId: 'prm-unknown' })),
      sign(decision({ id: 'sdc-y', decidedBy: { ...by, role: 'researcher' } })),
    ]);
    expect(permitApprovalState(now(), permit)).toBe('awaiting-approval');
    const report = await d.report();
    expect(report.outcomes).toEqual([
      {
        decisionId: 'sdc-x',
        outcome: 'refused',
        problem: 'this station is not waiting on permit prm-unknown',
      },
      { decisionId: 'sdc-y', outcome: 'refused', problem: 'decision was not made by a data steward' },
    ]);
    expect(report.waiting).toHaveLength(1);
    expect(audit.rows.map((e) => [e.action, e.subject])).toEqual([
      ['permit.remote-decision-refused', 'sdc-x'],
      ['permit.remote-decision-refused', 'sdc-y'],
    ]);
  });

  it('with remote approval off, leaves the permit waiting for approval at the station', async () => {
    const { d, pending, policy: now } = desk(policy(false));
    await d.apply([sign(decision())]);
    expect(permitApprovalState(now(), permit)).toBe('awaiting-approval');
    expect(pending.get('prm-1')).toBeDefined();
    expect((await d.report()).outcomes[0]).toMatchObject({
      outcome: 'refused',
      problem: expect.stringMatching(/off/),
    });
  });
});
