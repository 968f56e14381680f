import { z } from 'zod';
import { definition as feasibility } from '../../analytics/algorithms/cohort/cohort-feasibility/definition.ts';
import { central as hybridCentral } from '../../analytics/algorithms/hybrid-care/central.ts';
import { definition as hybridCare } from '../../analytics/algorithms/hybrid-care/definition.ts';
import { central as monitorCentral } from '../../analytics/algorithms/outcome-monitor/central.ts';
import { definition as monitor } from '../../analytics/algorithms/outcome-monitor/definition.ts';
import type { PollResponse, TaskResult } from '../../protocol/messages.ts';
import { digestJson, generateSigningKeys, keyIdOf, type SigningKeys } from '../../protocol/signing.ts';
import type { HubDb } from '../db/hub-db.ts';
import { createHubApp, type HubApp } from '../http/hub-app.ts';
import { type DemoSeed, seedDemo } from '../organisations/seed-demo.ts';
import { type CentralHalf, centralHalvesOf } from '../tasks/central-halves.ts';
import { responseRecorder, type SeenResponse } from './contract-check.ts';

/**
 * Test algorithms: a one-round sum, a three-round accumulator, one with an input schema, one that throws,
 * the real cohort feasibility input schema (what stations check a cohort against), the real outcome
 * monitor's input schema and central half, and hybrid care's input and result schemas and central half.
 */
export const testAlgorithms: Record<string, CentralHalf> = {
  'sum@1.0.0': {
    hash: 'a'.repeat(64),
    maxRounds: 1,
    resultSchema: z.strictObject({ total: z.number().int() }),
    central: (partials) => ({
      done: true,
      result: { total: partials.reduce((s, p) => s + (p.output as { n: number }).n, 0) },
    }),
  },
  'rounds@1.0.0': {
    hash: 'b'.repeat(64),
    maxRounds: 3,
    inputSchema: z.object({ acc: z.number() }),
    resultSchema: z.strictObject({ acc: z.number(), rounds: z.number().int() }),
    central: (partials, input, round) => {
      const acc =
        (input as { acc: number }).acc + partials.reduce((s, p) => s + (p.output as { n: number }).n, 0);
      return round < 2
        ? { done: false, nextInput: { acc } }
        : { done: true, result: { acc, rounds: round + 1 } };
    },
  },
  'typed@1.0.0': {
    hash: 'd'.repeat(64),
    maxRounds: 1,
    inputSchema: z.object({ threshold: z.number().min(0) }),
    central: () => ({ done: true, result: {} }),
  },
  'cohort-feasibility@1.0.0': {
    hash: 'f'.repeat(64),
    maxRounds: 1,
    inputSchema: feasibility.inputSchema,
    central: () => ({ done: true, result: {} }),
  },
  'hybrid-care@1.1.0': {
    hash: '7'.repeat(64),
    maxRounds: 1,
    inputSchema: hybridCare.inputSchema,
    resultSchema: hybridCare.resultSchema,
    central: (partials, input, round) => hybridCentral.combine(partials as never, input as never, round),
  },
  'outcome-monitor@1.1.0': {
    hash: 'e'.repeat(64),
    maxRounds: 1,
    inputSchema: monitor.inputSchema,
    central: (partials, input, round) => monitorCentral.combine(partials as never, input as never, round),
  },
  // A stand-in for the validation algorithm's central half: the one station's output is the result, so a
  // test can have a done `validation` run whose stored result is the one it registers with a model.
  'validation@2.0.0': {
    hash: '9'.repeat(64),
    maxRounds: 1,
    central: (partials) => ({ done: true, result: partials[0]?.output ?? {} }),
  },
  'broken@1.0.0': {
    hash: 'c'.repeat(64),
    maxRounds: 1,
    central: () => {
      throw new Error('boom');
    },
  },
  // A central half whose result is not JSON (a quantile of no released bin was NaN).
  'not-json@1.0.0': {
    hash: 'b'.repeat(64),
    maxRounds: 1,
    central: () => ({ done: true, result: { quantile: Number.NaN } }),
  },
};

/** A test station's Ed25519 keys (the station signs the head of its audit chain with them). */
export type StationKeys = SigningKeys & { keyId: string };

/** A response as tests inspect it: status and the parsed JSON body (or the text). */
export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly and assert on them
  body: any;
}

export interface HubFixture {
  hub: HubApp;
  db: HubDb;
  demo: DemoSeed;
  /** Moves the hub's clock forward (expiry of tokens, permits, tasks). */
  advance(ms: number): void;
  now(): Date;
  token(handle: string): Promise<string>;
  /** A request with a bearer token; returns status and parsed JSON. */
  call(method: 'GET' | 'POST', url: string, token?: string, payload?: unknown): Promise<Reply>;
  /** Registers a station for a steward's organisation; returns its id, token and signing keys. */
  station(steward: string, name: string): Promise<{ id: string; token: string; keys: StationKeys }>;
  /** Researcher requests, reviewer approves: returns the permit id. */
  permit(stations: string[], algorithm: string, queryBudget?: number): Promise<string>;
  /** The researcher starts a run of `algorithm` (`name@version`) under a permit. */
  run(permitId: string, algorithm: string, input: unknown): Promise<Reply>;
  poll(stationToken: string, wait?: number): Promise<PollResponse>;
  answer(stationToken: string, result: TaskResult): Promise<Reply>;
  done(taskId: string, stationId: string, output: unknown): TaskResult;
  /** Every response the hub (and its restarts) sent, for the check against the OpenAPI document. */
  seen: SeenResponse[];
  /** Closes the app and starts a new one on the same database (a hub restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A hub on `db` with the demo users and the test algorithms, and helpers to drive it with inject.
 * `maxWaitSeconds` caps long-polls (0 answers them at once: tests that call routes with random input).
 */
export async function startHubFixture(
  db: HubDb,
  options: { maxWaitSeconds?: number } = {},
): Promise<HubFixture> {
  let clock = Date.now();
  const recorder = responseRecorder();
  const now = () => new Date(clock);
  const make = () =>
    createHubApp({
      db,
      logger: false,
      now,
      centralHalves: centralHalvesOf(testAlgorithms),
      sweepIntervalMs: 0,
      plugins: [recorder.plugin],
      ...(options.maxWaitSeconds === undefined ? {} : { maxWaitSeconds: options.maxWaitSeconds }),
    });
  let hub = await make();
  const demo = await seedDemo(db, now());
  const tokens = new Map<string, string>();
  const f: HubFixture = {
    get hub() {
      return hub;
    },
    db,
    demo,
    seen: recorder.seen,
    advance(ms) {
      clock += ms;
      tokens.clear();
    },
    now,
    async token(handle) {
      const cached = tokens.get(handle);
      if (cached) return cached;
      const u = demo.users[handle];
      if (!u) throw new Error(`no demo user ${handle}`);
      const r = await f.call('POST', '/api/auth/login', undefined, { email: u.email, password: u.password });
      if (r.status !== 200) throw new Error(`login ${handle}: ${r.status}`);
      tokens.set(handle, r.body.token);
      return r.body.token as string;
    },
    async call(method, url, token, payload) {
      const res = await hub.inject({
        method,
        url,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      const type = String(res.headers['content-type'] ?? '');
      return { status: res.statusCode, body: type.includes('json') ? res.json() : res.body };
    },
    async station(steward, name) {
      const u = demo.users[steward]!;
      const generated = generateSigningKeys();
      const keys = { ...generated, keyId: keyIdOf(generated.publicKeyPem) };
      const r = await f.call('POST', '/api/stations', await f.token(steward), {
        name,
        organisationId: u.organisationId,
        publicKeyPem: keys.publicKeyPem,
      });
      if (r.status !== 201) throw new Error(`register station: ${r.status} ${JSON.stringify(r.body)}`);
      return { id: r.body.id, token: r.body.token, keys };
    },
    async permit(stations, algorithm, queryBudget = 10) {
      const [name, version] = algorithm.split('@') as [string, string];
      const req = await f.call('POST', '/api/requests', await f.token('researcher'), {
        purpose: 'research',
        title: 'Test study',
        description: 'Federated test analysis',
        stations,
        algorithms: [{ name, version }],
        durationDays: 30,
        queryBudget,
      });
      if (req.status !== 201) throw new Error(`request: ${req.status} ${JSON.stringify(req.body)}`);
      const dec = await f.call('POST', `/api/requests/${req.body.id}/decision`, await f.token('reviewer'), {
        approve: true,
        note: 'Proportionate and in the public interest',
      });
      if (dec.status !== 200) throw new Error(`decision: ${dec.status} ${JSON.stringify(dec.body)}`);
      return dec.body.permit.id as string;
    },
    async run(permitId, algorithm, input) {
      const [name, version] = algorithm.split('@') as [string, string];
      return f.call('POST', '/api/runs', await f.token('researcher'), {
        permitId,
        algorithm: { name, version },
        input,
      });
    },
    async poll(stationToken, wait = 0) {
      const r = await f.call('GET', `/api/station/tasks?wait=${wait}`, stationToken);
      if (r.status !== 200) throw new Error(`poll: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as PollResponse;
    },
    answer: (stationToken, result) => f.call('POST', '/api/station/results', stationToken, result),
    done: (taskId, stationId, output) => ({
      status: 'done',
      taskId,
      stationId,
      output,
      dataVersion: 'v1',
      digest: digestJson(output),
    }),
    async restart() {
      await hub.close();
      hub = await make();
    },
    async close() {
      await hub.close();
    },
  };
  return f;
}
