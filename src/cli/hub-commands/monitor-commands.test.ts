import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCentralRegistry } from '../../analytics/index.ts';
import {
  centralHalvesFromRegistry,
  createHubApp,
  type DemoSeed,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
  seedDemo,
} from '../../hub/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { parseMonitorDefinition } from '../../monitoring/monitor-definition.ts';
import { simulatedPartials } from '../../monitoring/null-series.ts';
import { digestJson, generateSigningKeys } from '../../protocol/index.ts';
import { main } from '../main.ts';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../examples/monitors/wijkkliniek.json',
);

/** Runs `ai4h …` in process; captures what it prints and the exit code main() sets. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  process.exitCode = 0;
  try {
    await main(['node', 'ai4h', ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
    errWrite.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ai4h monitor', () => {
  const saved = { ...process.env };
  let config = '';
  let db: HubDb;
  let hub: HubApp;
  let demo: DemoSeed;
  let url = '';
  let station: { id: string; token: string };
  let permitId = '';
  const tokenOf = async (handle: string) =>
    (await new HubClient(url).login(demo.users[handle]!.email, demo.users[handle]!.password)).token;

  beforeAll(async () => {
    config = await mkdtemp(join(tmpdir(), 'ai4h-monitor-'));
    process.env.XDG_CONFIG_HOME = config;
    for (const k of ['AI4H_HUB', 'AI4H_TOKEN', 'AI4H_PASSWORD']) delete process.env[k];
    db = await openPgliteHubDb();
    hub = await createHubApp({
      db,
      logger: false,
      sweepIntervalMs: 0,
      centralHalves: centralHalvesFromRegistry(await loadCentralRegistry()),
    });
    demo = await seedDemo(db);
    url = await hub.listen(0);
    const steward = new HubClient(url, { token: await tokenOf('steward1') });
    station = await steward.registerStation({
      name: 'Monitor station',
      organisationId: demo.users.steward1!.organisationId,
      publicKeyPem: generateSigningKeys().publicKeyPem,
    });
    const researcher = new HubClient(url, { token: await tokenOf('researcher') });
    const req = await researcher.createRequest({
      purpose: 'public-health',
      title: 'WijkKliniek',
      description: 'Outcomes of the neighbourhood clinic',
      stations: [station.id],
      algorithms: [{ name: 'outcome-monitor', version: '1.0.0' }],
      durationDays: 365,
      queryBudget: 10,
    });
    const reviewer = new HubClient(url, { token: await tokenOf('reviewer') });
    permitId = (await reviewer.decideRequest(req.id, { approve: true, note: 'ok' })).permit!.id;
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    await db?.close();
    process.env = saved;
    await rm(config, { recursive: true, force: true });
  });

  it('creates, lists, runs and shows a monitor', async () => {
    const token = await tokenOf('researcher');
    const hubArgs = ['--hub', url, '--token', token];

    const bad = join(config, 'bad.json');
    await writeFile(bad, JSON.stringify({ name: 'x' }));
    const refused = await cli('monitor', 'create', '--permit', permitId, bad, ...hubArgs);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('$.owner');

    const created = await cli('monitor', 'create', '--permit', permitId, EXAMPLE, ...hubArgs, '--json');
    expect(created.code).toBe(0);
    const id = JSON.parse(created.out).id as string;
    expect((await cli('monitor', 'list', ...hubArgs)).out).toContain(id);

    const started = await cli('monitor', 'run', id, '--month', '2024-06', ...hubArgs, '--json');
    expect(started.code).toBe(0);
    const runId = JSON.parse(started.out).run.id as string;

    // The station answers with its released aggregates.
    const st = new HubClient(url, { token: station.token });
    const polled = await st.poll({ wait: 0 });
    const task = polled.tasks.find((t) => t.task.runId === runId)!;
    const m = parseMonitorDefinition(JSON.parse(JSON.stringify(task.task.input)).monitor);
    const output = simulatedPartials(
      { ...m, followUpMonths: 6 },
      { exposedPerStation: [600], ratio: 2, baseRate: 0.03, rateRatio: 0.6 },
      3,
    )[0]!.output;
    await st.submitResult({
      status: 'done',
      taskId: task.task.id,
      stationId: station.id,
      output,
      dataVersion: 'v1',
      digest: digestJson(output),
    });

    const shown = await cli('monitor', 'show', id, ...hubArgs);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('2024-06');
    expect(shown.out).toContain('done');
    expect(shown.out).toMatch(/Emergency department \(SEH\) visits: 0\.\d\d \(95% CI/);
    expect(shown.out).toContain('Alerts (group-sequential-wald');
    const dutch = await cli('monitor', 'show', id, ...hubArgs, '--nl');
    expect(dutch.out).toContain('Bezoeken aan de spoedeisende hulp (SEH)');
  });
});
