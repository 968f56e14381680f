import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeasibilityResult } from '../../src/analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { loadLocalRegistry } from '../../src/analytics/local-registry.ts';
import type { RunView } from '../../src/api/run-schemas.ts';
import type { DemoUser } from '../../src/hub/index.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import { saveHubRegistration } from '../../src/station/runtime/hub-registration.ts';
import { PermitUsage } from '../../src/station/runtime/permit-usage.ts';
import {
  openStationNode,
  PERMIT_USAGE_FILE,
  type StationNode,
} from '../../src/station/runtime/station-node.ts';
import { verifyStationAudit } from '../../src/station/verify-station-audit.ts';
import { copyHubDb, copyStation } from './network-cache.ts';
import {
  FEASIBILITY,
  GP_ADULTS_2024,
  NETWORK_START_TIMEOUT_MS,
  NETWORK_STATIONS,
  registerNetworkStation,
} from './network-fixture.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RUNS = 24;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

/** `ai4h hub serve` on its embedded database in `dataDir`, as a process of its own. */
async function hubProcess(dataDir: string, port: number) {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['bin/ai4h.mjs', 'hub', 'serve', '--data', dataDir, '--port', String(port)],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AI4H_LOG_LEVEL: 'warn' } },
  );
  child.stdout.resume();
  let err = '';
  const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_c, signal) => ok(signal)));
  await new Promise<void>((ok, fail) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('hub listening on')) ok();
    });
    void exited.then(() => fail(new Error(`the hub process ended before it listened:\n${err}`)));
  });
  return { child, exited };
}

describe('a hub killed with SIGKILL under load', () => {
  let root: string | undefined;
  const nodes: StationNode[] = [];
  let hub: Awaited<ReturnType<typeof hubProcess>> | undefined;
  afterAll(async () => {
    for (const n of nodes) await n.close();
    hub?.child.kill('SIGKILL');
    await hub?.exited;
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('restarted on the same folder, it finishes every run: nothing lost, nothing counted twice', {
    timeout: NETWORK_START_TIMEOUT_MS + 240_000,
  }, async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-killed-hub-'));
    const { dataDir, users } = await copyHubDb(root);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    hub = await hubProcess(dataDir, port);
    const client = async (handle: string) => {
      const u = users[handle] as DemoUser;
      const c = new HubClient(url);
      await c.login(u.email, u.password);
      return c;
    };

    // Three stations, each in this process, registered by their stewards over HTTP.
    const hubKey = await new HubClient(url).hubKey();
    const algorithms = (await loadLocalRegistry()).list().map((a) => ({
      name: a.name,
      version: a.version,
      hash: a.hash,
    }));
    let answered = 0;
    const stations: { dir: string; id: string; token: string }[] = [];
    for (const spec of NETWORK_STATIONS) {
      const dir = join(root, spec.name);
      await copyStation(spec, dir);
      const created = await registerNetworkStation(
        await client(spec.steward),
        spec.name,
        users[spec.steward]!.organisationId,
        dir,
        hubKey.publicKeyPem,
        algorithms,
      );
      await saveHubRegistration(dir, { hubUrl: url, stationId: created.id, token: created.token });
      const node = await openStationNode(dir, {
        pollWaitSeconds: 1,
        heartbeatSeconds: 60,
        onTask: () => answered++,
      });
      node.agent.start();
      nodes.push(node);
      stations.push({ dir, id: created.id, token: created.token });
    }

    const researcher = await client('researcher');
    const request = await researcher.createRequest({
      purpose: 'research',
      title: 'Hub crash study',
      description: 'Many feasibility runs while the hub is killed',
      stations: stations.map((s) => s.id),
      algorithms: [{ name: FEASIBILITY.name, version: FEASIBILITY.version }],
      durationDays: 30,
      queryBudget: 100,
    });
    const permitId = (
      await (await client('reviewer')).decideRequest(request.id, { approve: true, note: 'ok' })
    ).permit!.id;
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      runIds.push(
        (await researcher.createRun({ permitId, algorithm: FEASIBILITY, input: { cohort: GP_ADULTS_2024 } }))
          .id,
      );
    }

    // Mid-way: some answers are in, many runs are still open.
    const total = RUNS * stations.length;
    for (let i = 0; i < 2400 && answered < total / 3; i++) await new Promise((r) => setTimeout(r, 25));
    hub.child.kill('SIGKILL');
    expect(await hub.exited).toBe('SIGKILL');
    const atKill = answered;
    expect(atKill).toBeLessThan(total);
    // The stations go on with what they hold and keep what they cannot send.
    await new Promise((r) => setTimeout(r, 1500));
    hub = await hubProcess(dataDir, port);

    const again = await client('researcher');
    const finished: RunView[] = [];
    for (const id of runIds)
      finished.push(await again.waitForRun(id, { intervalMs: 100, timeoutMs: 180_000 }));
    expect(finished.map((r) => r.status)).toEqual(runIds.map(() => 'done'));
    // Every run combined one answer of every station, and all runs asked the same question.
    const counts = finished.map((r) => (r.result as FeasibilityResult).count.value);
    for (const r of finished) {
      expect(r.rounds[0]!.stations.map((s) => s.status)).toEqual(stations.map(() => 'done'));
      expect(r.provenance.answered).toHaveLength(stations.length);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(0);

    // The hub recorded each answer once, and its audit chain is whole.
    const auditor = await client('auditor');
    const entries = await auditor.audit({ permitId, limit: 1000 });
    const done = entries.filter((e) => e.action === 'task.done').map((e) => e.subject);
    expect(done).toHaveLength(total);
    expect(new Set(done).size).toBe(total);
    expect(entries.filter((e) => e.action === 'run.done')).toHaveLength(RUNS);
    const redelivered = entries.filter((e) => e.action === 'task.redelivered').length;
    console.log(`hub killed after ${atKill} of ${total} answers; ${redelivered} tasks delivered again`);
    expect((await auditor.verifyAudit()).ok).toBe(true);
    // Each station counted each run once against the permit's budget, and the hub holds the head of
    // its audit chain as the station signed it with its last result.
    for (const n of nodes.splice(0)) await n.close();
    for (const s of stations) {
      expect(new PermitUsage(join(s.dir, PERMIT_USAGE_FILE)).used(permitId)).toBe(RUNS);
      const { head } = await new HubClient(url, { token: s.token }).stationAuditHead();
      const check = await verifyStationAudit(s.dir, { hubHead: head! });
      expect(check).toMatchObject({ ok: true, hubHead: { entries: check.entries } });
    }
  });
});
