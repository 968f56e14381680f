import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { type AuditEntry, AuditLog, FileAuditStorage } from '../../src/audit/index.ts';
import { ResultOutbox } from '../../src/station/runtime/result-outbox.ts';
import { OUTBOX_FILE } from '../../src/station/runtime/station-node.ts';
import { AUDIT_FILE } from '../../src/station/station-dir.ts';
import {
  FEASIBILITY,
  GP_ADULTS_2024,
  NETWORK_START_TIMEOUT_MS,
  NETWORK_STATIONS,
  type Network,
  type NetworkStation,
  startNetwork,
} from './network-fixture.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The station in a process of its own (station-process.fixture.ts), and the lines it prints. */
function stationProcess(station: NetworkStation, url: string, mode: 'hold-task' | 'hold-result') {
  const child: ChildProcessByStdio<null, Readable, null> = spawn(
    process.execPath,
    [
      'bin/run-ts.mjs',
      'test/network/station-process.fixture.ts',
      station.dir,
      url,
      station.stationId,
      station.token,
      mode,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_code, signal) => ok(signal)));
  return {
    exited,
    /** Resolves with the first printed line that matches. */
    async line(pattern: RegExp): Promise<RegExpMatchArray> {
      for (;;) {
        const found = out
          .split('\n')
          .map((l) => l.match(pattern))
          .find((m) => m);
        if (found) return found;
        await Promise.race([new Promise<void>((ok) => waiters.push(ok)), exited]);
        if (child.exitCode !== null || child.signalCode !== null) {
          const last = out
            .split('\n')
            .map((l) => l.match(pattern))
            .find((m) => m);
          if (last) return last;
          throw new Error(`the station process ended before printing ${pattern}`);
        }
      }
    },
    kill: () => child.kill('SIGKILL'),
  };
}

async function stationAudit(station: NetworkStation): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const e of new AuditLog(new FileAuditStorage(join(station.dir, AUDIT_FILE))).entries())
    entries.push(e);
  return entries;
}

describe('a station killed with SIGKILL loses no answer', () => {
  let network: Network;
  const station = () => network.stations[0]!;
  beforeAll(async () => {
    network = await startNetwork({ stations: [NETWORK_STATIONS[2]!], startStations: false });
  }, NETWORK_START_TIMEOUT_MS);
  afterEach(async () => {
    station().beforeSubmit = undefined;
    await station().stop();
  });
  afterAll(async () => {
    await network?.close();
  });

  async function startRun() {
    const researcher = await network.client('researcher');
    return researcher.createRun({
      permitId: await network.permit(),
      algorithm: FEASIBILITY,
      input: { cohort: GP_ADULTS_2024 },
    });
  }

  it('killed between writing its ledgers and sending the result: the answer arrives after the restart', {
    timeout: 120_000,
  }, async () => {
    const proc = stationProcess(station(), network.url, 'hold-result');
    await proc.line(/^started/);
    const run = await startRun();
    const taskId = (await proc.line(/^sending (\S+)/))[1]!;
    proc.kill();
    expect(await proc.exited).toBe('SIGKILL');

    const researcher = await network.client('researcher');
    expect((await researcher.getRun(run.id)).rounds[0]!.stations[0]).toMatchObject({
      taskId,
      status: 'delivered',
    });
    // What the station had done before it died is on disk: the audit entry and the waiting result.
    expect((await stationAudit(station())).filter((e) => e.subject === taskId).map((e) => e.action)).toEqual([
      'task.done',
    ]);
    expect(new ResultOutbox(join(station().dir, OUTBOX_FILE)).pending().map((r) => r.taskId)).toEqual([
      taskId,
    ]);

    await station().start();
    const done = await researcher.waitForRun(run.id, { intervalMs: 50, timeoutMs: 30_000 });
    expect(done.status).toBe('done');
    expect((done.result as FeasibilityResult).count.value).toBeGreaterThan(0);
    // Sent from the outbox, not run again: one task.done at the station, no second delivery by the hub.
    expect((await stationAudit(station())).filter((e) => e.subject === taskId).map((e) => e.action)).toEqual([
      'task.done',
    ]);
    const hubAudit = await (await network.client('auditor')).audit({ permitId: done.permitId });
    expect(hubAudit.filter((e) => e.action === 'task.redelivered')).toEqual([]);
    expect(hubAudit.filter((e) => e.action === 'task.done').map((e) => e.subject)).toEqual([taskId]);
    expect(new ResultOutbox(join(station().dir, OUTBOX_FILE)).pending()).toEqual([]);
  });

  it('killed with a task in hand before running it: the task is delivered again and answered once', {
    timeout: 120_000,
  }, async () => {
    const proc = stationProcess(station(), network.url, 'hold-task');
    await proc.line(/^started/);
    const run = await startRun();
    const taskId = (await proc.line(/^holding (\S+)/))[1]!;
    proc.kill();
    expect(await proc.exited).toBe('SIGKILL');

    await station().start();
    const researcher = await network.client('researcher');
    const done = await researcher.waitForRun(run.id, { intervalMs: 50, timeoutMs: 30_000 });
    expect(done.status).toBe('done');
    expect(done.rounds[0]!.stations.map((s) => [s.taskId, s.status])).toEqual([[taskId, 'done']]);
    const hubAudit = await (await network.client('auditor')).audit({ permitId: done.permitId });
    expect(hubAudit.filter((e) => e.action === 'task.redelivered').map((e) => e.subject)).toEqual([taskId]);
    expect(hubAudit.filter((e) => e.action === 'task.done').map((e) => e.subject)).toEqual([taskId]);
    expect((await stationAudit(station())).filter((e) => e.subject === taskId).map((e) => e.action)).toEqual([
      'task.done',
    ]);
  });

  it('a result ready while the hub is down reaches the hub when it is back', {
    timeout: 120_000,
  }, async () => {
    let stopped: Promise<void> | undefined;
    station().beforeSubmit = async () => {
      // The hub goes down once the result is ready, before it is sent.
      stopped ??= network.stopHub();
      await stopped;
    };
    await station().start();
    const run = await startRun();
    for (let i = 0; i < 600 && !stopped; i++) await new Promise((r) => setTimeout(r, 50));
    await stopped;
    const waiting = new ResultOutbox(join(station().dir, OUTBOX_FILE)).pending();
    expect(waiting.map((r) => r.status)).toEqual(['done']);
    station().beforeSubmit = undefined;
    await network.startHub();
    const done = await (await network.client('researcher')).waitForRun(run.id, {
      intervalMs: 50,
      timeoutMs: 60_000,
    });
    expect(done.status).toBe('done');
    expect(done.rounds[0]!.stations[0]).toMatchObject({ taskId: waiting[0]!.taskId, status: 'done' });
  });
});
