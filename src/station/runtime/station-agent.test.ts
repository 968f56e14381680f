import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import type { StewardReport } from '../../api/station-schemas.ts';
import { AuditLog, MemoryAuditStorage } from '../../audit/index.ts';
import { AppError, conflict } from '../../common/app-error.ts';
import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import { signAuditHead } from '../../protocol/audit-head-signature.ts';
import type { PollResponse, Task, TaskEnvelope, TaskResult } from '../../protocol/messages.ts';
import { generateSigningKeys, keyIdOf, signJson } from '../../protocol/signing.ts';
import { permitApprovalState, permitDigest } from '../policy/permit-approval.ts';
import { defaultPolicy } from '../policy/station-policy.ts';
import type { HubAnswer, HubConnection } from './hub-connection.ts';
import { PendingPermits, PermitUsage, RevokedPermits } from './permit-usage.ts';
import { ResultOutbox } from './result-outbox.ts';
import { type GateDecision, StationAgent } from './station-agent.ts';
import { StewardDesk } from './steward-desk.ts';

function task(id: string, overrides: Partial<Task> = {}): TaskEnvelope {
  const now = Date.now();
  return {
    keyId: 'k',
    signature: 'sig',
    task: {
      id,
      runId: `run-${id}`,
      round: 0,
      stationId: 's1',
      algorithm: { name: 'count', version: '1', hash: 'a'.repeat(64) },
      input: {},
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 60_000).toISOString(),
      permit: {
        id: 'p1',
        purpose: 'research',
        holder: 'org-r',
        title: 't',
        datasets: [],
        stations: ['s1'],
        algorithms: [{ name: 'count', version: '1' }],
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
        queryBudget: 2,
      },
      ...overrides,
    },
  };
}

class FakeHub implements HubConnection {
  queue: TaskEnvelope[] = [];
  revoked: string[] = [];
  results: TaskResult[] = [];
  heartbeats = 0;
  online = true;
  /** What submitResult throws instead of taking the result (the hub down, or refusing it). */
  refuseResults: Error | undefined;
  /** Signed audit heads that came with heartbeats and results. */
  heads: SignedAuditHead[] = [];
  async heartbeat(status: { auditHead?: SignedAuditHead }): Promise<HubAnswer | undefined> {
    if (!this.online) throw new Error('connection refused');
    this.heartbeats++;
    if (status.auditHead) this.heads.push(status.auditHead);
    return undefined;
  }
  async poll(): Promise<PollResponse> {
    if (!this.online) throw new Error('connection refused');
    const tasks = this.queue.splice(0);
    return { tasks, revokedPermitIds: this.revoked };
  }
  async submitResult(result: TaskResult, auditHead?: SignedAuditHead): Promise<HubAnswer | undefined> {
    if (this.refuseResults) throw this.refuseResults;
    this.results.push(result);
    if (auditHead) this.heads.push(auditHead);
    return undefined;
  }
}

const passGate = (e: TaskEnvelope, revoked: ReadonlySet<string>): GateDecision =>
  e.signature !== 'sig'
    ? { ok: false, reason: 'bad-signature', message: 'signature does not verify' }
    : revoked.has(e.task.permit.id)
      ? { ok: false, reason: 'permit-revoked', message: 'permit revoked' }
      : { ok: true, task: e.task };

function agent(
  hub: FakeHub,
  execute: (t: Task) => Promise<unknown> = async () => ({ count: 15 }),
  dir?: string,
) {
  const audit = new AuditLog(new MemoryAuditStorage());
  const outbox = new ResultOutbox(dir && join(dir, 'result-outbox.jsonl'));
  const a = new StationAgent({
    outbox,
    stationId: 's1',
    hub,
    gate: passGate,
    execute,
    dataVersion: async () => 'v1',
    audit,
    usage: new PermitUsage(dir && join(dir, 'usage.json')),
    revoked: new RevokedPermits(dir && join(dir, 'revoked.json')),
    heartbeatSeconds: 0,
  });
  return { a, audit, outbox };
}

describe('station agent', () => {
  it('runs an accepted task and returns the output with digest and data version', async () => {
    const hub = new FakeHub();
    hub.queue.push(task('t1'));
    const { a, audit } = agent(hub);
    expect(await a.pollOnce()).toBe(1);
    expect(hub.results[0]).toMatchObject({
      status: 'done',
      taskId: 't1',
      output: { count: 15 },
      dataVersion: 'v1',
    });
    expect(hub.heartbeats).toBe(1);
    expect((await audit.verify()).entries).toBe(1);
  });

  it('refuses a task the gate refuses, and audits it', async () => {
    const hub = new FakeHub();
    hub.queue.push({ ...task('t1'), signature: 'forged' });
    const { a, audit } = agent(hub);
    await a.pollOnce();
    expect(hub.results[0]).toMatchObject({ status: 'refused', reason: 'bad-signature' });
    const entries = [];
    for await (const e of audit.entries()) entries.push(e);
    expect(entries[0]).toMatchObject({ action: 'task.refused', details: { reason: 'bad-signature' } });
  });

  it('remembers revoked permits across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-'));
    const hub = new FakeHub();
    hub.revoked = ['p1'];
    await agent(hub, undefined, dir).a.pollOnce();
    hub.revoked = [];
    hub.queue.push(task('t2'));
    await agent(hub, undefined, dir).a.pollOnce();
    expect(hub.results[0]).toMatchObject({ status: 'refused', reason: 'permit-revoked' });
  });

  it('enforces the query budget itself, counting runs not rounds', async () => {
    const hub = new FakeHub();
    const { a } = agent(hub);
    hub.queue.push(task('t1'), task('t1b', { runId: 'run-t1', round: 1 }), task('t2'), task('t3'));
    await a.pollOnce();
    expect(hub.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'refused']);
    expect(hub.results[3]).toMatchObject({ reason: 'budget-exhausted' });
  });

  it('turns a disclosure refusal into a refused result and hides unexpected error text', async () => {
    const hub = new FakeHub();
    hub.queue.push(task('t1'), task('t2'));
    let n = 0;
    const { a } = agent(hub, async () => {
      n++;
      if (n === 1)
        throw new AppError('forbidden', 'cell below threshold', undefined, { reason: 'disclosure-risk' });
      throw new Error('patient 123 has a broken row');
    });
    await a.pollOnce();
    expect(hub.results[0]).toMatchObject({ status: 'refused', reason: 'disclosure-risk' });
    expect(hub.results[1]).toMatchObject({ status: 'failed' });
    expect(JSON.stringify(hub.results[1])).not.toContain('123');
  });

  it('keeps polling while the hub is offline and picks tasks up when it returns', async () => {
    const hub = new FakeHub();
    hub.online = false;
    const { a } = agent(hub);
    a.start();
    await new Promise((r) => setTimeout(r, 100));
    hub.queue.push(task('t1'));
    hub.online = true;
    for (let i = 0; i < 50 && hub.results.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await a.stop();
    expect(hub.results[0]).toMatchObject({ status: 'done', taskId: 't1' });
  });
});

describe('signed audit heads', () => {
  it("sends the station's newest signed audit head with heartbeats and results, and logs a refused one", async () => {
    const hub = new FakeHub();
    hub.queue.push(task('t1'));
    const keys = { ...generateSigningKeys(), keyId: 'k1' };
    let entries = 0;
    const sign = () =>
      signAuditHead(
        { kind: 'station-audit-head', entries, hash: '0'.repeat(64), signedAt: new Date().toISOString() },
        keys,
      );
    const errors: unknown[] = [];
    const audit = new AuditLog(new MemoryAuditStorage());
    const a = new StationAgent({
      stationId: 's1',
      hub,
      gate: passGate,
      execute: async () => {
        entries++;
        return { count: 15 };
      },
      dataVersion: async () => 'v1',
      audit,
      heartbeatSeconds: 0,
      auditHead: sign,
      logger: { error: (...args: unknown[]) => errors.push(args) } as unknown as Logger,
    });
    await a.pollOnce();
    expect(hub.heads.map((h) => h.head.entries)).toEqual([0, 1]);
    hub.heartbeat = async () => ({ auditHead: { accepted: false, problem: 'the head forks the chain' } });
    await a.pollOnce();
    expect(JSON.stringify(errors)).toContain('the head forks the chain');
  });
});

describe('the station outbox', () => {
  const down = () => new AppError('unavailable', 'hub unreachable (connect ECONNREFUSED)', 'results');

  it('keeps a result the hub could not take, and sends it before anything else once the hub is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const hub = new FakeHub();
    hub.queue.push(task('t1'));
    hub.refuseResults = down();
    const { a } = agent(hub, undefined, dir);
    expect(await a.pollOnce()).toBe(1);
    expect(hub.results).toEqual([]);
    // Still down: the waiting result is tried first, and the station does not poll meanwhile.
    hub.queue.push(task('t2'));
    await expect(a.pollOnce()).rejects.toThrow(/unreachable/);
    expect(hub.queue).toHaveLength(1);
    hub.refuseResults = undefined;
    expect(await a.pollOnce()).toBe(1);
    expect(hub.results.map((r) => r.taskId)).toEqual(['t1', 't2']);
    expect(hub.results[0]).toMatchObject({ status: 'done', output: { count: 15 } });
    expect(new ResultOutbox(join(dir, 'result-outbox.jsonl')).pending()).toEqual([]);
  });

  it('sends what a station that stopped left in its outbox as soon as it starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const hub = new FakeHub();
    hub.queue.push(task('t1'));
    hub.refuseResults = down();
    const first = agent(hub, undefined, dir);
    await first.a.pollOnce();
    first.outbox.close();
    hub.refuseResults = undefined;
    // A new agent on the same folder (the station restarted) with nothing to poll.
    const { a } = agent(hub, async () => expect.fail('nothing runs again'), dir);
    a.start();
    for (let i = 0; i < 50 && hub.results.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await a.stop();
    expect(hub.results.map((r) => r.taskId)).toEqual(['t1']);
  });

  it('drops a result the hub refuses for good (answered otherwise) instead of sending it forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const hub = new FakeHub();
    hub.queue.push(task('t1'));
    hub.refuseResults = conflict('the task was already answered (done) with another result', 'taskId');
    const { a, outbox } = agent(hub, undefined, dir);
    await a.pollOnce();
    expect(outbox.pending()).toEqual([]);
    hub.refuseResults = undefined;
    hub.queue.push(task('t2'));
    expect(await a.pollOnce()).toBe(1);
    expect(hub.results.map((r) => r.taskId)).toEqual(['t2']);
  });

  it('reads its journal back: acknowledged results are gone, a torn last line is ignored, a bad line is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const path = join(dir, 'result-outbox.jsonl');
    const outbox = new ResultOutbox(path);
    const result = (id: string): TaskResult => ({
      status: 'refused',
      taskId: id,
      stationId: 's1',
      reason: 'task-expired',
      message: 'expired',
    });
    for (const id of ['t1', 't2', 't3']) await outbox.put(result(id));
    await outbox.acknowledged('t2');
    outbox.close();
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"put":{"status":"ref`);
    expect(new ResultOutbox(path).pending().map((r) => r.taskId)).toEqual(['t1', 't3']);
    writeFileSync(path, '{"put":{"status":"done"}}\n');
    expect(() => new ResultOutbox(path)).toThrow(/result-outbox.jsonl:1/);
  });

  it('rewrites its journal with only what waits once it has grown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const path = join(dir, 'result-outbox.jsonl');
    const outbox = new ResultOutbox(path);
    const result = (id: string): TaskResult => ({
      status: 'failed',
      taskId: id,
      stationId: 's1',
      message: 'x',
    });
    await outbox.put(result('keep'));
    for (let i = 0; i < 200; i++) {
      await outbox.put(result(`t${i}`));
      await outbox.acknowledged(`t${i}`);
    }
    outbox.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n').length).toBeLessThan(256);
    expect(new ResultOutbox(path).pending().map((r) => r.taskId)).toEqual(['keep']);
  });
});

describe('permit usage', () => {
  it('keeps its count across restarts in a journal, starting from the whole-file record of earlier versions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-'));
    const journal = join(dir, 'permit-usage.jsonl');
    const legacy = join(dir, 'permit-usage.json');
    writeFileSync(legacy, JSON.stringify({ p1: ['r1', 'r2'] }, null, 2));
    const usage = new PermitUsage(journal, legacy);
    expect(usage.used('p1')).toBe(2);
    await usage.record('p1', 'r3');
    await usage.record('p1', 'r3'); // a later round of the same run counts once
    await usage.record('p2', 'r4');
    usage.close();
    expect(readFileSync(journal, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    const again = new PermitUsage(journal, legacy);
    expect([again.used('p1'), again.used('p2')]).toEqual([3, 1]);
    expect(again.allows('p1', 'r4', 3)).toBe(false);
    expect(again.allows('p1', 'r3', 3)).toBe(true);
  });
});

describe('station agent and its stewards at the hub', () => {
  it('reports a permit waiting at once, applies the signed approval from the poll, reports it, then runs', async () => {
    const hubKeys = generateSigningKeys();
    let policy = defaultPolicy({
      hubPublicKey: hubKeys.publicKeyPem,
      approval: { default: 'manual', permits: {}, remote: { organisationId: 'org-s' } },
    });
    const reports: StewardReport[] = [];
    const decisions: unknown[] = [];
    class StewardHub extends FakeHub {
      override async heartbeat(status: {
        auditHead?: SignedAuditHead;
        steward?: StewardReport;
      }): Promise<HubAnswer | undefined> {
        if (status.steward) reports.push(status.steward);
        return super.heartbeat(status);
      }
      override async poll(): Promise<PollResponse> {
        const answer = await super.poll();
        const stewardDecisions = decisions.splice(0) as PollResponse['stewardDecisions'];
        return stewardDecisions?.length ? { ...answer, stewardDecisions } : answer;
      }
    }
    const hub = new StewardHub();
    const pending = new PendingPermits();
    const audit = new AuditLog(new MemoryAuditStorage());
    const steward = new StewardDesk({
      stationId: 's1',
      policy: async () => policy,
      savePolicy: async (p) => {
        policy = p;
      },
      pending,
      audit,
    });
    const a = new StationAgent({
      stationId: 's1',
      hub,
      gate: (e) =>
        permitApprovalState(policy, e.task.permit) === 'approved'
          ? { ok: true, task: e.task }
          : { ok: false, reason: 'permit-not-approved', message: 'awaits approval' },
      execute: async () => ({ count: 15 }),
      dataVersion: async () => 'v1',
      audit,
      pending,
      steward,
      heartbeatSeconds: 3600,
    });
    const first = task('t1');
    const permit = first.task.permit;
    hub.queue.push(first);
    await a.pollOnce();
    expect(hub.results[0]).toMatchObject({ status: 'refused', reason: 'permit-not-approved' });
    expect(reports.at(-1)?.waiting).toEqual([]);
    // The next poll reports the permit waiting, though no heartbeat is due.
    await a.pollOnce();
    expect(reports.at(-1)?.waiting).toEqual([
      { permitId: 'p1', digest: permitDigest(permit), state: 'awaiting-approval' },
    ]);
    const decision = {
      id: 'sdc-1',
      stationId: 's1',
      permitId: 'p1',
      permitDigest: permitDigest(permit),
      decision: 'approve',
      reason: 'ok',
      decidedBy: {
        userId: 'u',
        email: 'steward@s.example',
        name: 'S',
        role: 'steward',
        organisationId: 'org-s',
      },
      decidedAt: new Date(Date.now() - 1000).toISOString(),
    };
    decisions.push({
      decision,
      keyId: keyIdOf(hubKeys.publicKeyPem),
      signature: signJson(decision, hubKeys.privateKeyPem),
    });
    await a.pollOnce();
    expect(permitApprovalState(policy, permit)).toBe('approved');
    hub.queue.push(task('t2', { permit }));
    await a.pollOnce();
    expect(reports.at(-1)).toMatchObject({
      waiting: [],
      outcomes: [{ decisionId: 'sdc-1', outcome: 'applied' }],
    });
    expect(hub.results.at(-1)).toMatchObject({ status: 'done', taskId: 't2' });
  });
});
