import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlgorithm, loadSynthPatients, memoryStation } from '../../analytics/index.ts';
import type { DemoSeed, HubApp, HubDb } from '../../hub/index.ts';
import { HubClient } from '../../hub-client/index.ts';
import { parseMonitorDefinition, simulatedPartials } from '../../monitoring/index.ts';
import { digestJson, generateSigningKeys } from '../../protocol/index.ts';
import { generatePatients } from '../../synth/index.ts';
import { cli } from '../run-cli.fixture.ts';
import { startCliHub } from './cli-hub.fixture.ts';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../examples/monitors/wijkkliniek.json',
);

describe('ai4h monitor, region and hybrid', () => {
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
    ({ config, db, hub, demo, url } = await startCliHub('ai4h-monitor-'));
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
      algorithms: [{ name: 'outcome-monitor', version: '1.1.0' }],
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

  it('shows the regional picture, a scale-up scenario and hybrid care, computed at a station', async () => {
    const token = await tokenOf('researcher');
    const hubArgs = ['--hub', url, '--token', token];
    const researcher = new HubClient(url, { token });
    const req = await researcher.createRequest({
      purpose: 'policy',
      title: 'Regiobeeld',
      description: 'Regional picture and hybrid care',
      stations: [station.id],
      algorithms: [
        { name: 'regional-picture', version: '1.2.0' },
        { name: 'hybrid-care', version: '1.1.0' },
      ],
      durationDays: 30,
      queryBudget: 10,
    });
    const reviewer = new HubClient(url, { token: await tokenOf('reviewer') });
    const policyPermit = (await reviewer.decideRequest(req.id, { approve: true, note: 'ok' })).permit!.id;

    // The station: a memory station with a small generated population answers each task with the real local half.
    const data = await memoryStation(station.id);
    await loadSynthPatients(
      data.connection,
      generatePatients({ patients: 1500, seed: 5, region: 'Utrecht' }),
    );
    const st = new HubClient(url, { token: station.token });
    const stop = new AbortController();
    const answering = (async () => {
      while (!stop.signal.aborted) {
        const polled = await st.poll({ wait: 1, signal: stop.signal }).catch(() => undefined);
        for (const { task } of polled?.tasks ?? []) {
          const alg = await loadAlgorithm(task.algorithm.name);
          const output = await alg.local(data.context({ purpose: 'policy' }), task.input, 0);
          await st.submitResult({
            status: 'done',
            taskId: task.id,
            stationId: station.id,
            output,
            dataVersion: 'v1',
            digest: digestJson(output),
          });
        }
      }
    })();
    try {
      const picture = await cli(
        'region',
        'picture',
        '--permit',
        policyPermit,
        '--years',
        '2023-2024',
        ...hubArgs,
      );
      expect(picture.code).toBe(0);
      expect(picture.out).toMatch(/Utrecht\s+2023/);
      const pictureRun = /run (\S+);/.exec(picture.out)![1]!;
      const hybrid = await cli('hybrid', '--permit', policyPermit, '--years', '2024', ...hubArgs);
      expect(hybrid.code).toBe(0);
      expect(hybrid.out).toContain('patients with digital care');
      expect(hybrid.out).toMatch(/Utrecht: \d+ patients, digital care/);
      expect(hybrid.out).toContain('At least 10% of all patients receive digital care');
      expect(hybrid.out).toMatch(/most vs least deprived neighbourhoods \(ratio of shares Q1\/Q5\): /);
      const detail = await cli(
        'hybrid',
        '--permit',
        policyPermit,
        '--years',
        '2024',
        '--by',
        'month,deprivation,age,sex',
        ...hubArgs,
      );
      expect(detail.code).toBe(0);
      expect(detail.out).toMatch(/2024-03: \d+ patients, digital care \d/);
      expect(detail.out).toMatch(/Q1 \(most deprived\): \d+ patients, digital care/);
      expect(detail.out).toMatch(/age 75\+: \d+ patients, inclusion/);
      expect(detail.out).toMatch(/female: \d+ patients, inclusion/);
      const badBy = await cli(
        'hybrid',
        '--permit',
        policyPermit,
        '--years',
        '2024',
        '--by',
        'income',
        ...hubArgs,
      );
      expect(badBy.code).not.toBe(0);
      expect(badBy.err).toContain('--by');
      expect(badBy.err).toContain('income');
      const bad = await cli('hybrid', '--permit', policyPermit, '--years', 'soon', ...hubArgs);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('--years');

      // The monitor run of the first test has a pooled ED effect; apply it to Utrecht's 75+.
      const monitors = JSON.parse((await cli('monitor', 'list', ...hubArgs, '--json')).out);
      const monitorRun = monitors[0].history.find((h: { status: string }) => h.status === 'done').runId;
      const scenario = await cli(
        'region',
        'scenario',
        '--monitor-run',
        monitorRun,
        '--picture-run',
        pictureRun,
        '--area',
        'Utrecht',
        '--eligible-share',
        '0.5',
        ...hubArgs,
      );
      expect(scenario.code).toBe(0);
      expect(scenario.out).toMatch(/ED visits avoided a year/);

      // The projection to 2030 and 2035 from the picture's latest year and the shipped factors.
      const projected = await cli(
        'region',
        'project',
        '--picture-run',
        pictureRun,
        '--area',
        'Utrecht',
        ...hubArgs,
      );
      expect(projected.code).toBe(0);
      expect(projected.out).toMatch(/Utrecht\s+2024\s+2030/);
      expect(projected.out).toMatch(/Utrecht\s+2024\s+2035/);
      expect(projected.out).toContain('Kernprognose');
      const none = await cli(
        'region',
        'project',
        '--picture-run',
        pictureRun,
        '--area',
        'Atlantis',
        ...hubArgs,
      );
      expect(none.code).not.toBe(0);
      expect(none.err).toContain('--area');
    } finally {
      stop.abort();
      await answering;
      data.close();
    }
  });
});
