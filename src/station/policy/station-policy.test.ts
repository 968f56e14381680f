import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/app-error.ts';
import { EhdsPurposes } from '../../common/ehds-purposes.ts';
import type { Permit } from '../../protocol/messages.ts';
import { generateSigningKeys } from '../../protocol/signing.ts';
import { loadPolicy, POLICY_FILE, savePolicy } from './load-policy.ts';
import { approvalModeOf, approvePermit, permitApprovalState, permitDigest } from './permit-approval.ts';
import { defaultPolicy, parsePolicy } from './station-policy.ts';

const dir = mkdtempSync(join(tmpdir(), 'station-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hub = generateSigningKeys();

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('defaultPolicy', () => {
  it('is threshold 10, rounding 5, every purpose, no algorithm, manual approval, no remote approval, no hub key', () => {
    expect(defaultPolicy()).toEqual({
      disclosure: { threshold: 10, rounding: 5 },
      acceptedPurposes: Object.keys(EhdsPurposes),
      acceptedAlgorithms: [],
      approval: { default: 'manual', permits: {} },
      approvedPermits: [],
      deniedPermits: [],
    });
  });

  it('takes validated overrides', () => {
    const policy = defaultPolicy({ hubPublicKey: hub.publicKeyPem, disclosure: { threshold: 20 } });
    expect(policy.disclosure).toEqual({ threshold: 20, rounding: 5 });
    expect(policy.hubPublicKey).toBe(hub.publicKeyPem);
    expect(() => defaultPolicy({ disclosure: { threshold: 0 } })).toThrow(AppError);
  });

  it('releases exact model statistics only when the policy says so', () => {
    expect(defaultPolicy().disclosure.exactModelStatistics).toBeUndefined();
    expect(defaultPolicy({ disclosure: { exactModelStatistics: true } }).disclosure).toEqual({
      threshold: 10,
      rounding: 5,
      exactModelStatistics: true,
    });
  });
});

describe('parsePolicy', () => {
  it('names the JSON path of what is wrong', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ disclosure: { threshold: 0 } }, '$.disclosure.threshold', /too small/i],
      [{ disclosure: { threshold: 2.5 } }, '$.disclosure.threshold', /expected int/i],
      [{ disclosure: { treshold: 5 } }, '$.disclosure', /unknown field.*treshold/i],
      [
        { disclosure: { exactModelStatistics: 'yes' } },
        '$.disclosure.exactModelStatistics',
        /expected boolean/i,
      ],
      [{ acceptedPurposes: ['research', 'marketing'] }, '$.acceptedPurposes[1]', /invalid option/i],
      [
        { acceptedAlgorithms: [{ name: 'glm', version: '1', hash: 'abc' }] },
        '$.acceptedAlgorithms[0].hash',
        /SHA-256/,
      ],
      [{ approval: { permits: { 'prm-1': 'sometimes' } } }, '$.approval.permits["prm-1"]', /invalid option/i],
      [{ approvedPermits: [{ permitId: 'p' }] }, '$.approvedPermits[0].digest', /expected string/i],
      [{ hubPublicKey: 'not a key' }, '$.hubPublicKey', /Ed25519/],
      [[], '$', /expected object/i],
    ];
    for (const [json, path, message] of cases) {
      const e = errorOf(() => parsePolicy(json, 'stations/a/policy.json'));
      expect(e.code).toBe('badInput');
      expect(e.where, JSON.stringify(json)).toBe(`stations/a/policy.json ${path}`);
      expect(e.message).toMatch(message);
    }
  });

  it('refuses a hub key that is not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(errorOf(() => parsePolicy({ hubPublicKey: rsa.toString() })).where).toBe(
      'policy.json $.hubPublicKey',
    );
  });

  it('counts further issues and lists every one with its JSON path', () => {
    const e = errorOf(() => parsePolicy({ disclosure: { threshold: 0, rounding: 0 }, extra: true }));
    expect(e.message).toMatch(/and 2 more/);
    expect(e.details?.issues).toHaveLength(3);
    expect(e.details?.issues?.every((i) => i.path.startsWith('policy.json $'))).toBe(true);
  });
});

describe('loadPolicy and savePolicy', () => {
  it('gives the default policy when the station has no policy.json', async () => {
    expect(await loadPolicy(join(dir, 'nothing-here'))).toEqual(defaultPolicy());
  });

  it('round-trips a policy through policy.json', async () => {
    const station = mkdtempSync(join(dir, 's-'));
    const policy = defaultPolicy({
      hubPublicKey: hub.publicKeyPem,
      acceptedPurposes: ['research'],
      acceptedAlgorithms: [{ name: 'glm', version: '1', hash: 'a'.repeat(64) }],
    });
    await savePolicy(station, policy);
    expect(JSON.parse(readFileSync(join(station, POLICY_FILE), 'utf8')).acceptedPurposes).toEqual([
      'research',
    ]);
    expect(await loadPolicy(station)).toEqual(policy);
  });

  it('reports a file that is not JSON, or not a valid policy, with its path', async () => {
    const station = mkdtempSync(join(dir, 's-'));
    writeFileSync(join(station, POLICY_FILE), '{"disclosure": {"threshold": 10,}}');
    await expect(loadPolicy(station)).rejects.toMatchObject({
      code: 'badInput',
      where: join(station, POLICY_FILE),
      message: expect.stringMatching(/not valid JSON \(at position \d+\)/),
    });
    writeFileSync(join(station, POLICY_FILE), '{"disclosure": {"rounding": -5}}');
    await expect(loadPolicy(station)).rejects.toMatchObject({
      where: `${join(station, POLICY_FILE)} $.disclosure.rounding`,
    });
  });
});

describe('permit approval', () => {
  const permit: Permit = {
    id: 'prm-1',
    purpose: 'research',
    holder: 'org-1',
    title: 'Frailty',
    datasets: [],
    stations: ['umcu'],
    algorithms: [{ name: 'glm', version: '1' }],
    issuedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    queryBudget: 5,
  };

  it('pins an approval to the permit content; extra fields from the hub do not matter', () => {
    const policy = defaultPolicy();
    expect(approvalModeOf(policy, 'prm-1')).toBe('manual');
    expect(permitApprovalState(policy, permit)).toBe('awaiting-approval');
    const approved = approvePermit(policy, permit, 'steward@umcu', new Date('2026-02-01T00:00:00Z'));
    expect(approved.approvedPermits).toEqual([
      {
        permitId: 'prm-1',
        digest: permitDigest(permit),
        approvedBy: 'steward@umcu',
        approvedAt: '2026-02-01T00:00:00.000Z',
      },
    ]);
    expect(permitApprovalState(approved, permit)).toBe('approved');
    expect(permitDigest({ ...permit, status: 'active' } as Permit)).toBe(permitDigest(permit));
    expect(permitApprovalState(approved, { ...permit, stations: ['umcu', 'x'] })).toBe(
      'changed-since-approval',
    );
    // approving again replaces the old approval
    const again = approvePermit(approved, { ...permit, queryBudget: 6 }, 'steward@umcu', new Date());
    expect(again.approvedPermits).toHaveLength(1);
    expect(permitApprovalState(again, permit)).toBe('changed-since-approval');
    expect(() => parsePolicy(again)).not.toThrow();
  });

  it('needs no approval in automatic mode', () => {
    const policy = defaultPolicy({ approval: { default: 'automatic', permits: {} } });
    expect(permitApprovalState(policy, permit)).toBe('automatic');
  });
});
