import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Permit, Task, TaskEnvelope } from '../../protocol/messages.ts';
import { canonicalJson, generateSigningKeys, keyIdOf, signJson } from '../../protocol/signing.ts';
import { approvePermit } from '../policy/permit-approval.ts';
import { defaultPolicy, type StationPolicy } from '../policy/station-policy.ts';
import { CLOCK_SKEW_MS, checkTask, type TaskGateContext } from './check-task.ts';

const hub = generateSigningKeys();
const impostor = generateSigningKeys();
const NOW = new Date('2026-03-01T12:00:00.000Z');
const iso = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const HOUR = 3_600_000;
const glm = { name: 'glm', version: '1.2.0', hash: 'a'.repeat(64) };

function permit(overrides: Partial<Permit> = {}): Permit {
  return {
    id: 'prm-1',
    purpose: 'research',
    holder: 'org-1',
    title: 'Frailty and ED visits',
    datasets: ['ds-1'],
    stations: ['umcu', 'rivas'],
    algorithms: [{ name: 'glm', version: '1.2.0' }],
    issuedAt: iso(-24 * HOUR),
    expiresAt: iso(24 * HOUR),
    queryBudget: 10,
    ...overrides,
  };
}

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 'tsk-1',
    runId: 'run-1',
    round: 0,
    stationId: 'umcu',
    permit: permit(),
    algorithm: glm,
    input: { features: ['age', 'sex'], tolerance: 1e-8 },
    issuedAt: iso(-60_000),
    expiresAt: iso(HOUR),
    ...overrides,
  };
}

function sign(t: Task, keys = hub): TaskEnvelope {
  return { task: t, keyId: keyIdOf(keys.publicKeyPem), signature: signJson(t, keys.privateKeyPem) };
}

function context(
  policy: Partial<Parameters<typeof defaultPolicy>[0]> = {},
  extra: Partial<TaskGateContext> = {},
) {
  return {
    policy: defaultPolicy({
      hubPublicKey: hub.publicKeyPem,
      acceptedAlgorithms: [glm],
      approval: { default: 'automatic', permits: {} },
      ...policy,
    }),
    stationId: 'umcu',
    now: NOW,
    revokedPermitIds: new Set<string>(),
    ...extra,
  } satisfies TaskGateContext;
}

const reasonOf = (envelope: unknown, ctx: TaskGateContext = context()) => {
  const decision = checkTask(envelope, ctx);
  return decision.ok ? 'ok' : decision.reason;
};

describe('checkTask', () => {
  it('lets a valid, signed, accepted task through, as parsed', () => {
    const decision = checkTask(sign(task()), context());
    expect(decision).toEqual({ ok: true, task: task() });
  });

  it('refuses a missing, foreign or broken signature, and a station without the hub key', () => {
    const envelope = sign(task());
    expect(reasonOf({ ...envelope, signature: '' })).toBe('bad-signature');
    expect(reasonOf({ task: envelope.task, keyId: envelope.keyId })).toBe('bad-signature');
    expect(reasonOf({ ...envelope, signature: 'bm90IGEgc2lnbmF0dXJl' })).toBe('bad-signature');
    expect(reasonOf(sign(task(), impostor))).toBe('bad-signature');
    // the impostor's signature presented under the hub's key id
    expect(reasonOf({ ...sign(task(), impostor), keyId: envelope.keyId })).toBe('bad-signature');
    expect(reasonOf({ ...envelope, task: { ...envelope.task, round: 1 } })).toBe('bad-signature');
    const { hubPublicKey: _, ...noKey } = context().policy;
    expect(checkTask(envelope, { ...context(), policy: noKey as StationPolicy })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
      message: 'no hub public key configured in the station policy',
    });
  });

  it('uses the hub key of the context over the one in the policy', () => {
    const ctx = context({}, { hubPublicKey: impostor.publicKeyPem });
    expect(reasonOf(sign(task()), ctx)).toBe('bad-signature');
    expect(reasonOf(sign(task(), impostor), ctx)).toBe('ok');
  });

  it('refuses what is not an envelope, a malformed signed task and a task for another station', () => {
    expect(reasonOf(null)).toBe('invalid-input');
    expect(reasonOf('task')).toBe('invalid-input');
    expect(reasonOf({ signature: 'x' })).toBe('invalid-input');
    const malformed = { ...task(), round: -1 };
    expect(checkTask(sign(malformed), context())).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(reasonOf(sign(task({ stationId: 'rivas' })))).toBe('invalid-input');
  });

  it('refuses an expired task and one issued in the future', () => {
    expect(reasonOf(sign(task({ expiresAt: iso(0) })))).toBe('task-expired');
    expect(reasonOf(sign(task({ expiresAt: iso(-1) })))).toBe('task-expired');
    expect(reasonOf(sign(task({ issuedAt: iso(CLOCK_SKEW_MS + 1000) })))).toBe('invalid-input');
    expect(reasonOf(sign(task({ issuedAt: iso(CLOCK_SKEW_MS - 1000) })))).toBe('ok');
  });

  it('refuses a revoked permit', () => {
    expect(reasonOf(sign(task()), context({}, { revokedPermitIds: new Set(['prm-1']) }))).toBe(
      'permit-revoked',
    );
    expect(reasonOf(sign(task()), context({}, { revokedPermitIds: new Set(['prm-2']) }))).toBe('ok');
  });

  it('refuses an expired permit, and one not valid yet', () => {
    expect(reasonOf(sign(task({ permit: permit({ expiresAt: iso(-1000) }) })))).toBe('permit-expired');
    expect(reasonOf(sign(task({ permit: permit({ issuedAt: iso(2 * HOUR) }) })))).toBe('permit-expired');
  });

  it('refuses a permit that does not name this station', () => {
    expect(reasonOf(sign(task({ permit: permit({ stations: ['rivas'] }) })))).toBe('station-not-in-permit');
  });

  it('refuses a purpose the station does not serve', () => {
    const ctx = context({ acceptedPurposes: ['research', 'statistics'] });
    expect(reasonOf(sign(task({ permit: permit({ purpose: 'ai-training' }) })), ctx)).toBe(
      'purpose-not-accepted',
    );
    expect(reasonOf(sign(task({ permit: permit({ purpose: 'statistics' }) })), ctx)).toBe('ok');
  });

  it('refuses an algorithm the permit does not allow, by name, version or pinned hash', () => {
    const other = (a: Partial<typeof glm>) => sign(task({ algorithm: { ...glm, ...a } }));
    expect(reasonOf(other({ name: 'kmeans' }))).toBe('algorithm-not-in-permit');
    expect(reasonOf(other({ version: '1.3.0' }))).toBe('algorithm-not-in-permit');
    const pinned = permit({ algorithms: [{ ...glm, hash: 'b'.repeat(64) }] });
    expect(reasonOf(sign(task({ permit: pinned })))).toBe('algorithm-not-in-permit');
    expect(reasonOf(sign(task({ permit: permit({ algorithms: [glm] }) })))).toBe('ok');
  });

  it('refuses an algorithm the station does not accept, or whose code differs', () => {
    const permitted = permit({
      algorithms: [
        { name: 'glm', version: '2.0.0' },
        { name: 'glm', version: '1.2.0' },
      ],
    });
    expect(reasonOf(sign(task({ permit: permitted, algorithm: { ...glm, version: '2.0.0' } })))).toBe(
      'algorithm-not-accepted',
    );
    const changed = checkTask(sign(task({ algorithm: { ...glm, hash: 'c'.repeat(64) } })), context());
    expect(changed).toEqual({
      ok: false,
      reason: 'algorithm-not-accepted',
      message: 'the code of glm@1.2.0 differs from the version this station accepted',
    });
    expect(reasonOf(sign(task()), context({ acceptedAlgorithms: [] }))).toBe('algorithm-not-accepted');
  });

  it('refuses a permit awaiting manual approval, and one changed since it was approved', () => {
    const manual = context({ approval: { default: 'manual', permits: {} } });
    expect(checkTask(sign(task()), manual)).toMatchObject({ ok: false, reason: 'permit-not-approved' });
    const approved = { ...manual, policy: approvePermit(manual.policy, permit(), 'steward', NOW) };
    expect(reasonOf(sign(task()), approved)).toBe('ok');
    const widened = task({ permit: permit({ queryBudget: 1000 }) });
    expect(checkTask(sign(widened), approved)).toEqual({
      ok: false,
      reason: 'permit-not-approved',
      message: 'permit prm-1 changed since the data steward approved it',
    });
    // per-permit mode overrides the default, both ways
    const perPermit = context({ approval: { default: 'automatic', permits: { 'prm-1': 'manual' } } });
    expect(reasonOf(sign(task()), perPermit)).toBe('permit-not-approved');
    const trusted = context({ approval: { default: 'manual', permits: { 'prm-1': 'automatic' } } });
    expect(reasonOf(sign(task()), trusted)).toBe('ok');
  });

  it('refuses any single-field change of a signed task (property)', () => {
    const original = task({ permit: permit({ algorithms: [glm] }) });
    const envelope = sign(original);
    const paths = leafPaths(original);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
        (path, value) => {
          const changed = setAt(structuredClone(original), path, value);
          fc.pre(canonicalJson(changed) !== canonicalJson(original));
          const decision = checkTask({ ...envelope, task: changed }, context());
          expect(decision.ok).toBe(false);
          expect(decision.ok ? '' : decision.reason).toBe('bad-signature');
        },
      ),
      { numRuns: 300 },
    );
  });
});

type Path = (string | number)[];

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  // the container itself can be replaced too
  return [prefix, ...entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]))].filter((p) => p.length > 0);
}

function setAt<T>(root: T, path: Path, value: unknown): T {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value ?? null;
  return root;
}
