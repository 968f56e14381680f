import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/api-client.ts';
import { AppError } from '../../common/app-error.ts';
import { HubClient } from '../../hub-client/hub-client.ts';
import { digestJson, generateSigningKeys, verifyJson } from '../../protocol/signing.ts';
import type { HubDb } from '../db/hub-db.ts';
import { createHubApp, type HubApp } from '../http/hub-app.ts';
import { createOrganisation, createUser } from '../organisations/organisation-service.ts';
import { centralHalvesOf } from '../tasks/central-halves.ts';
import { testAlgorithms } from './hub-fixture.ts';

type Handle = 'researcher' | 'reviewer' | 'auditor' | 'steward1' | 'steward2';

/**
 * The hub on a real port, driven only through HubClient: the way stations and the CLI use it. Makes
 * its own organisations and users, so it can share a database with other suites.
 */
export function hubOverHttpSuite(open: () => Promise<HubDb | undefined>) {
  describe('hub over HTTP with HubClient', () => {
    let hub: HubApp;
    let url: string;
    const demo = { users: {} as Record<Handle, { email: string; password: string; organisationId: string }> };

    beforeAll(async () => {
      const db = await open();
      if (!db) return;
      hub = await createHubApp({ db, logger: false, centralHalves: centralHalvesOf(testAlgorithms) });
      const now = new Date();
      const tag = Math.random().toString(36).slice(2, 8);
      const research = await createOrganisation(db, { name: `HTTP research ${tag}`, kind: 'research' }, now);
      const care1 = await createOrganisation(db, { name: `HTTP care one ${tag}`, kind: 'care' }, now);
      const care2 = await createOrganisation(db, { name: `HTTP care two ${tag}`, kind: 'care' }, now);
      const plan: [Handle, string, 'researcher' | 'reviewer' | 'auditor' | 'steward'][] = [
        ['researcher', research.id, 'researcher'],
        ['reviewer', research.id, 'reviewer'],
        ['auditor', research.id, 'auditor'],
        ['steward1', care1.id, 'steward'],
        ['steward2', care2.id, 'steward'],
      ];
      for (const [handle, organisationId, role] of plan) {
        const email = `${handle}-${tag}@http.example`;
        const password = `password-${handle}-${tag}`;
        await createUser(db, { email, name: handle, organisationId, role, password }, now);
        demo.users[handle] = { email, password, organisationId };
      }
      url = await hub.listen(0);
    }, 180_000);
    afterAll(async () => {
      await hub?.close();
    });

    const signIn = async (handle: Handle) => {
      const c = new HubClient(url);
      const u = demo.users[handle]!;
      await c.login(u.email, u.password);
      return c;
    };

    /** A new station of the steward's organisation, and a researcher's approved permit for the `sum` algorithm there. */
    const permittedStation = async (
      handle: 'steward1' | 'steward2',
      name: string,
      request: {
        purpose: 'ai-training' | 'research';
        title: string;
        description: string;
        durationDays: number;
      },
    ) => {
      const reg = await (await signIn(handle)).registerStation({
        name,
        organisationId: demo.users[handle]!.organisationId,
        publicKeyPem: generateSigningKeys().publicKeyPem,
      });
      const researcher = await signIn('researcher');
      const req = await researcher.createRequest({
        ...request,
        stations: [reg.id],
        algorithms: [{ name: 'sum', version: '1.0.0' }],
        queryBudget: 5,
      });
      const decision = await (await signIn('reviewer')).decideRequest(req.id, { approve: true, note: 'ok' });
      return {
        reg,
        station: new HubClient(url, { token: reg.token }),
        researcher,
        permitId: decision.permit!.id,
      };
    };

    /** The station takes its next task (waiting for it) and answers `{ n }`. */
    const answerNext = async (station: HubClient, stationId: string, n: number) => {
      const task = (await station.poll({ wait: 5 })).tasks[0]!.task;
      const output = { n };
      await station.submitResult({
        status: 'done',
        taskId: task.id,
        stationId,
        output,
        dataVersion: 'd1',
        digest: digestJson(output),
      });
    };

    it('registers a station, runs an analysis with a long-polling station, and reports progress', async ({
      skip,
    }) => {
      if (!hub) skip();
      const { reg, station, researcher, permitId } = await permittedStation('steward1', 'HTTP station', {
        purpose: 'ai-training',
        title: 'Sepsis model validation',
        description: 'External validation',
        durationDays: 90,
      });
      await station.heartbeat({ dataVersion: 'd1', version: '0.1.0' });
      await station.publishDataset({
        identifier: 'ehr',
        title: 'Ziekenhuis Noord EHR',
        description: 'Hospital records',
        keywords: ['ziekenhuis'],
        contactPoint: { name: 'Desk', email: 'desk@noord.example' },
        publisherDetails: {
          identifier: 'noord.example',
          email: 'info@noord.example',
          homepage: 'https://noord.example/',
        },
        profile: { numberOfRecords: 5000 },
      });
      expect((await new HubClient(url).searchCatalogue({ q: 'noord' })).map((d) => d.title)).toContain(
        'Ziekenhuis Noord EHR',
      );
      expect(await new HubClient(url).exportCatalogue('ttl')).toContain('healthdcatap:numberOfRecords');

      // The station long-polls before the run exists; it is woken when the task is created.
      const key = await station.hubKey();
      const polled = station.poll({ wait: 20 });
      const run = await researcher.createRun({
        permitId,
        algorithm: { name: 'sum', version: '1.0.0' },
        input: {},
      });
      const { tasks } = await polled;
      expect(tasks).toHaveLength(1);
      const task = tasks[0]!.task;
      expect(verifyJson(task, tasks[0]!.signature, key.publicKeyPem)).toBe(true);
      const output = { n: 12 };
      await station.submitResult({
        status: 'done',
        taskId: task.id,
        stationId: reg.id,
        output,
        dataVersion: 'd1',
        digest: digestJson(output),
      });
      const seen: string[] = [];
      const done = await researcher.waitForRun(run.id, {
        intervalMs: 50,
        onProgress: (_r, stations) => seen.push(stations.map((s) => s.status).join()),
      });
      expect(done).toMatchObject({ status: 'done', result: { total: 12 } });
      expect(seen.at(-1)).toBe('done');
      expect((await new HubClient(url).transparency()).some((t) => t.permitId === permitId)).toBe(true);

      const auditor = await signIn('auditor');
      expect((await auditor.verifyAudit()).ok).toBe(true);
      const scripted = new HubClient(url, { token: (await auditor.createApiToken('ci')).token });
      expect((await scripted.audit({ permitId })).length).toBeGreaterThan(3);
    });

    it('waits for a run with one long-poll, and keeps asking a hub that does not long-poll runs', async ({
      skip,
    }) => {
      if (!hub) skip();
      const { reg, station, researcher, permitId } = await permittedStation('steward2', 'Waiting station', {
        purpose: 'research',
        title: 'Waiting',
        description: 'Long-poll for a run',
        durationDays: 30,
      });
      const answer = () => answerNext(station, reg.id, 1);
      const token = (await researcher.createApiToken('waiting')).token;

      // Against this hub: one request, answered when the run is done.
      const asked: string[] = [];
      const counting = new HubClient(url, {
        token,
        fetch: (input, init) => {
          asked.push(String(input));
          return fetch(input, init);
        },
      });
      const run = await researcher.createRun({
        permitId,
        algorithm: { name: 'sum', version: '1.0.0' },
        input: {},
      });
      const waiting = counting.waitForRun(run.id, { intervalMs: 10_000 });
      await new Promise((r) => setTimeout(r, 100));
      await answer();
      expect((await waiting).status).toBe('done');
      expect(asked).toHaveLength(1);

      // A hub that ignores `wait` and gives no version: asked again every intervalMs until done.
      asked.length = 0;
      const older = new HubClient(url, {
        token,
        fetch: async (input, init) => {
          const u = new URL(String(input));
          u.searchParams.delete('wait');
          u.searchParams.delete('version');
          asked.push(u.toString());
          const res = await fetch(u, init);
          const { version: _none, ...body } = (await res.json()) as Record<string, unknown>;
          return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
        },
      });
      const second = await researcher.createRun({
        permitId,
        algorithm: { name: 'sum', version: '1.0.0' },
        input: {},
      });
      const polling = older.waitForRun(second.id, { intervalMs: 20 });
      await new Promise((r) => setTimeout(r, 200));
      await answer();
      expect((await polling).status).toBe('done');
      expect(asked.length).toBeGreaterThan(3);
    });

    it("turns the hub's errors into AppErrors with its code and message", async ({ skip }) => {
      if (!hub) skip();
      const researcher = await signIn('researcher');
      const err = await researcher.listStations().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeUndefined();
      const forbidden = await researcher.verifyAudit().catch((e: unknown) => e);
      expect(forbidden).toBeInstanceOf(AppError);
      expect((forbidden as AppError).code).toBe('forbidden');
      const bad = await new HubClient(url).login('nobody@example.org', 'x').catch((e: unknown) => e);
      expect((bad as AppError).code).toBe('unauthenticated');
      const unreachable = await new HubClient('http://127.0.0.1:9').hubKey().catch((e: unknown) => e);
      expect((unreachable as AppError).code).toBe('unavailable');
    });

    it('serves the browser client (fetch) the same routes and types: a run from start to result', async ({
      skip,
    }) => {
      if (!hub) skip();
      const { reg, station, permitId } = await permittedStation('steward1', 'Browser station', {
        purpose: 'research',
        title: 'From the browser',
        description: 'The web client runs an analysis',
        durationDays: 30,
      });
      const api = createApiClient({ baseUrl: url });
      const u = demo.users.researcher;
      const { token, user } = await api.login({ body: { email: u.email, password: u.password } });
      expect(user.role).toBe('researcher');
      api.setToken(token);
      expect((await api.me()).email).toBe(u.email);
      const run = await api.createRun({
        body: { permitId, algorithm: { name: 'sum', version: '1.0.0' }, input: {} },
      });
      await answerNext(station, reg.id, 12);
      const done = await api.getRun({ params: { id: run.id }, query: { wait: 5 } });
      expect(done).toMatchObject({ status: 'done', result: { total: 12 } });
      expect((await api.transparency()).some((e) => e.permitId === permitId)).toBe(true);
      const missing = await api.getRun({ params: { id: 'run_none' } }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'notFound', where: 'GET /api/runs/run_none id' });
      const bad = await api
        .createRequest({
          body: {
            purpose: 'research',
            title: 'x',
            description: '',
            stations: [],
            algorithms: [],
            durationDays: 1,
            queryBudget: 1,
          },
        })
        .catch((e: unknown) => e);
      expect((bad as AppError).details?.issues?.map((i) => i.path)).toEqual([
        'body.title',
        'body.description',
        'body.stations',
        'body.algorithms',
      ]);
    });

    it('ends a long-poll early when the station aborts it', async ({ skip }) => {
      if (!hub) skip();
      const steward = await signIn('steward2');
      const reg = await steward.registerStation({
        name: 'Abort station',
        organisationId: demo.users.steward2!.organisationId,
        publicKeyPem: generateSigningKeys().publicKeyPem,
      });
      const station = new HubClient(url, { token: reg.token });
      const ac = new AbortController();
      const pending = station.poll({ wait: 25, signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await expect(pending).rejects.toThrow();
    });
  });
}
