import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadCentralRegistry } from '../../src/analytics/central-registry.ts';
import { loadLocalRegistry } from '../../src/analytics/local-registry.ts';
import type { AccessRequestInput } from '../../src/api/access-schemas.ts';
import type { RunView } from '../../src/api/run-schemas.ts';
import {
  centralHalvesFromRegistry,
  createHubApp,
  type DemoUser,
  type HubApp,
  type HubDb,
  openPgliteHubDb,
} from '../../src/hub/index.ts';
import { HubClient } from '../../src/hub-client/index.ts';
import type {
  AlgorithmRef,
  PollResponse,
  Task,
  TaskEnvelope,
  TaskResult,
} from '../../src/protocol/messages.ts';
import { signJson } from '../../src/protocol/signing.ts';
import { defaultPolicy, loadPolicy, type StationPolicy, savePolicy } from '../../src/station/policy/index.ts';
import type { HubConnection } from '../../src/station/runtime/hub-connection.ts';
import { stationSigningKeys } from '../../src/station/runtime/hub-registration.ts';
import { hubConnection, openStationNode, type StationNode } from '../../src/station/runtime/station-node.ts';
import { copyHubDb, copyStation, type StationDataSpec } from './network-cache.ts';

/** The three stations of the test network: different sizes, provinces and seeds. */
export type NetworkStationSpec = StationDataSpec & { steward: 'steward1' | 'steward2' | 'steward3' };

export const NETWORK_STATIONS: readonly NetworkStationSpec[] = [
  { name: 'noord', patients: 400, seed: 4101, province: 'Groningen', steward: 'steward1' },
  { name: 'midden', patients: 250, seed: 4202, province: 'Utrecht', steward: 'steward2' },
  { name: 'zuid', patients: 150, seed: 4303, province: 'Limburg', steward: 'steward3' },
];

/** Rewrites what the hub answers a station's poll, before the station sees it (tests of a hostile wire). */
export type PollInterceptor = (response: PollResponse) => PollResponse | Promise<PollResponse>;

export interface NetworkStation {
  spec: NetworkStationSpec;
  dir: string;
  stationId: string;
  /** The running node (store, agent, audit); undefined while the station is stopped. */
  node: StationNode | undefined;
  /** The station's own connection to the hub, without interception. */
  wire: HubConnection;
  /** The station's token at the hub (to run the station elsewhere, e.g. in a process of its own). */
  token: string;
  /** Set to tamper with tasks in transit; undefined passes them through. */
  intercept: PollInterceptor | undefined;
  /** Called before each result leaves for the hub (e.g. to take the hub down at that moment). */
  beforeSubmit: ((result: TaskResult) => Promise<void>) | undefined;
  /** Opens the node and starts its agent (no-op when running). */
  start(): Promise<void>;
  /** Stops the agent and closes the store (no-op when stopped). */
  stop(): Promise<void>;
  /** Changes the station's policy file; the agent re-reads it for every task. */
  updatePolicy(change: (policy: StationPolicy) => StationPolicy): Promise<void>;
}

export interface Network {
  url: string;
  readonly hub: HubApp;
  readonly db: HubDb;
  users: Record<string, DemoUser>;
  stations: NetworkStation[];
  /** The algorithms as stations accept them (name, version, hash). */
  algorithms: AlgorithmRef[];
  /** Milliseconds added to the hub's clock (permits, tasks, tokens); stations keep the real clock. */
  clockOffsetMs: number;
  /** A client signed in as a demo user (fresh login each call, so a moved clock is respected). */
  client(handle: string): Promise<HubClient>;
  /** Researcher requests, reviewer approves; returns the permit id. */
  permit(request?: Partial<AccessRequestInput>): Promise<string>;
  /** The researcher starts a run and waits until it is no longer running. */
  run(permitId: string, algorithm: { name: string; version: string }, input: unknown): Promise<RunView>;
  /**
   * Changes tasks in transit and signs them again with the hub's own key: a compromised or faulty hub,
   * whose tasks the station must still refuse by its own checks.
   */
  resign(envelope: TaskEnvelope, change: (task: Task) => Task): TaskEnvelope;
  /** Closes the hub app and its database, then opens both again on the same folder and port (a hub restart). */
  restartHub(): Promise<void>;
  /** Closes the hub app and its database: stations find nobody at its address until {@link startHub}. */
  stopHub(): Promise<void>;
  /** Opens the database and the hub app again on the same folder and port. */
  startHub(): Promise<void>;
  close(): Promise<void>;
}

export interface NetworkOptions {
  /** Task time-to-live at the hub (default 10 minutes). */
  taskTtlMs?: number;
  /** Hub sweep timer; 0 = tests call `hub.sweep()` (default 0). */
  sweepIntervalMs?: number;
  /** Start the station agents at once (default true). */
  startStations?: boolean;
  /** Station long-poll wait, seconds (default 1). */
  pollWaitSeconds?: number;
  /** Other stations than {@link NETWORK_STATIONS} (each steward at most once). */
  stations?: readonly NetworkStationSpec[];
  /** Plugins of the hub app (e.g. the web UI). */
  hubPlugins?: ((app: FastifyInstance) => Promise<void> | void)[];
}

/**
 * A hub (PGlite in a temp folder, central halves from the central registry, demo users) listening on
 * loopback, and three stations (DuckDB copies of cached synthetic populations) registered by their
 * stewards, each with a policy that pins the hub key, accepts the shipped algorithms by hash and
 * approves valid permits automatically.
 */
export async function startNetwork(options: NetworkOptions = {}): Promise<Network> {
  const root = await mkdtemp(join(tmpdir(), 'ai4h-network-'));
  const { dataDir, users } = await copyHubDb(root);
  let db = await openPgliteHubDb(dataDir);
  const centralHalves = centralHalvesFromRegistry(await loadCentralRegistry());
  let clockOffsetMs = 0;
  const makeHub = () =>
    createHubApp({
      db,
      centralHalves,
      logger: false,
      now: () => new Date(Date.now() + clockOffsetMs),
      sweepIntervalMs: options.sweepIntervalMs ?? 0,
      ...(options.hubPlugins ? { plugins: options.hubPlugins } : {}),
      ...(options.taskTtlMs !== undefined ? { taskTtlMs: options.taskTtlMs } : {}),
    });
  let hub = await makeHub();
  const url = await hub.listen(0);
  const port = Number(new URL(url).port);
  const hubKey = await new HubClient(url).hubKey();
  const algorithms = (await loadLocalRegistry())
    .list()
    .map((a) => ({ name: a.name, version: a.version, hash: a.hash }));

  const client = async (handle: string) => {
    const user = users[handle];
    if (!user) throw new Error(`no demo user ${handle}`);
    const c = new HubClient(url);
    await c.login(user.email, user.password);
    return c;
  };

  const stations: NetworkStation[] = [];
  for (const spec of options.stations ?? NETWORK_STATIONS) {
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
    const wire = hubConnection(new HubClient(url, { token: created.token }));
    const station: NetworkStation = {
      spec,
      dir,
      stationId: created.id,
      node: undefined,
      wire,
      token: created.token,
      intercept: undefined,
      beforeSubmit: undefined,
      async start() {
        if (station.node) return;
        const connection: HubConnection = {
          heartbeat: (s) => wire.heartbeat(s),
          submitResult: async (r, auditHead) => {
            await station.beforeSubmit?.(r);
            return wire.submitResult(r, auditHead);
          },
          poll: async (o) => {
            const response = await wire.poll(o);
            return station.intercept ? station.intercept(response) : response;
          },
        };
        station.node = await openStationNode(dir, {
          hub: connection,
          stationId: created.id,
          pollWaitSeconds: options.pollWaitSeconds ?? 1,
          heartbeatSeconds: 60,
        });
        station.node.agent.start();
      },
      async stop() {
        const node = station.node;
        station.node = undefined;
        await node?.close();
      },
      async updatePolicy(change) {
        await savePolicy(dir, change(await loadPolicy(dir)));
      },
    };
    stations.push(station);
  }
  if (options.startStations ?? true) for (const s of stations) await s.start();

  const network: Network = {
    url,
    get hub() {
      return hub;
    },
    get db() {
      return db;
    },
    users,
    stations,
    algorithms,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    set clockOffsetMs(ms: number) {
      clockOffsetMs = ms;
    },
    client,
    async permit(request = {}) {
      const researcher = await client('researcher');
      const created = await researcher.createRequest({
        purpose: 'research',
        title: 'Network test study',
        description: 'Federated feasibility across the test network',
        stations: stations.map((s) => s.stationId),
        algorithms: [{ name: 'cohort-feasibility', version: '1.0.0' }],
        durationDays: 30,
        queryBudget: 100,
        ...request,
      });
      const reviewer = await client('reviewer');
      const decided = await reviewer.decideRequest(created.id, { approve: true, note: 'Proportionate' });
      if (!decided.permit) throw new Error('the reviewer approved but no permit came back');
      return decided.permit.id;
    },
    async run(permitId, algorithm, input) {
      const researcher = await client('researcher');
      const run = await researcher.createRun({ permitId, algorithm, input });
      return researcher.waitForRun(run.id, { intervalMs: 50, timeoutMs: 45_000 });
    },
    resign(envelope, change) {
      const task = change(structuredClone(envelope.task));
      return { ...envelope, task, signature: signJson(task, hub.ctx.keys.privateKeyPem) };
    },
    async restartHub() {
      await network.stopHub();
      await network.startHub();
    },
    async stopHub() {
      await hub.close();
      await db.close();
    },
    async startHub() {
      db = await openPgliteHubDb(dataDir);
      hub = await makeHub();
      await hub.listen(port);
    },
    async close() {
      for (const s of stations) await s.stop();
      await hub.close();
      await db.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return network;
}

/**
 * Time a test file gives {@link startNetwork}: seconds when the cached templates exist, a few minutes
 * on the machine's first run, when the populations are generated and ingested.
 */
export const NETWORK_START_TIMEOUT_MS = 300_000;

/** A cohort every test station has hundreds of patients in: adults with a GP contact in 2024. */
export const GP_ADULTS_2024 = {
  name: 'GP contact 2024, adults',
  entry: {
    event: { domain: 'encounter', settings: ['gp'] },
    dateRange: { from: '2024-01-01', to: '2024-12-31' },
  },
  demographics: { age: { min: 18 } },
};

/**
 * Registers the station in `dir` at the hub by its steward, with the station's own signing key, and
 * writes its policy: the hub's key pinned, every shipped algorithm accepted, permits approved automatically.
 */
export async function registerNetworkStation(
  steward: HubClient,
  name: string,
  organisationId: string,
  dir: string,
  hubPublicKeyPem: string,
  algorithms: { name: string; version: string; hash: string }[],
): Promise<{ id: string; token: string }> {
  const created = await steward.registerStation({
    name,
    organisationId,
    publicKeyPem: (await stationSigningKeys(dir)).publicKeyPem,
  });
  await savePolicy(
    dir,
    defaultPolicy({
      hubPublicKey: hubPublicKeyPem,
      acceptedAlgorithms: algorithms,
      approval: { default: 'automatic', permits: {} },
    }),
  );
  return created;
}

/** The feasibility algorithm as runs name it. */
export const FEASIBILITY = { name: 'cohort-feasibility', version: '1.0.0' } as const;

/** Status of each station's task in the run's first round, by station name. */
export function stationStatuses(
  network: Network,
  run: RunView,
): Record<string, { status: string; reason?: string }> {
  const out: Record<string, { status: string; reason?: string }> = {};
  for (const t of run.rounds[0]?.stations ?? []) {
    const name = network.stations.find((s) => s.stationId === t.stationId)?.spec.name ?? t.stationId;
    out[name] = { status: t.status, ...(t.reason ? { reason: t.reason } : {}) };
  }
  return out;
}
