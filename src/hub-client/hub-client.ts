import { callRoute, fetchTransport, type Transport } from '../api/api-client.ts';
import type { RouteArgs, RouteResponse } from '../api/api-route.ts';
import { type HubApi, hubApi } from '../api/hub-api.ts';
import type { RunView, StationTaskStatus } from '../api/run-schemas.ts';
import { AppError } from '../common/app-error.ts';
import type { SignedAuditHead } from '../protocol/audit-head.ts';
import type { TaskResult } from '../protocol/messages.ts';
import { nodeTransport } from './http-transport.ts';

export interface HubClientOptions {
  /** A JWT, API token or station token. */
  token?: string;
  /** For tests or a custom agent; by default requests go through node:http(s) with kept-alive connections. */
  fetch?: typeof fetch;
}

type Body<K extends keyof HubApi> = RouteArgs<HubApi[K]>['body'];
type Answer<K extends keyof HubApi> = Promise<RouteResponse<HubApi[K]>>;

/**
 * A typed client of the hub's REST API for the station runtime, the CLI and scripts: the routes of the
 * API contract (src/api), with their types, as methods. Every answer is checked against its route's
 * schema; every error the hub returns becomes an {@link AppError} with the hub's code, message, `where`,
 * issues and refusal reason.
 *
 * @example
 * const hub = new HubClient('http://127.0.0.1:8080');
 * await hub.login('researcher@research.example', 'secret');
 * const run = await hub.createRun({ permitId, algorithm: { name: 'count', version: '1.0.0' }, input: {} });
 * const done = await hub.waitForRun(run.id, { onProgress: (r) => console.log(r.status) });
 */
export class HubClient {
  private token: string | undefined;
  private readonly transport: Transport;
  readonly baseUrl: string;

  constructor(baseUrl: string, options: HubClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.transport = options.fetch ? fetchTransport(options.fetch) : nodeTransport();
  }

  /** Uses this token for the following calls. */
  setToken(token: string | undefined): void {
    this.token = token;
  }

  /** Any route of the contract by name, e.g. `call('getRequest', { params: { id } })`. */
  call<K extends keyof HubApi>(name: K, args: RouteArgs<HubApi[K]>): Answer<K> {
    return callRoute(hubApi[name], args, { baseUrl: this.baseUrl, token: this.token, send: this.transport });
  }

  // --- auth and organisations ---

  /** Signs in; the returned JWT (15 minutes) is used for the following calls. */
  async login(email: string, password: string): Answer<'login'> {
    const out = await this.call('login', { body: { email, password } });
    this.token = out.token;
    return out;
  }

  /** A long-lived token for scripts (returned once). */
  createApiToken(label: string, expiresInDays?: number): Answer<'createApiToken'> {
    return this.call('createApiToken', { body: { label, ...(expiresInDays ? { expiresInDays } : {}) } });
  }

  /** Your API tokens (never their secrets); `all` lists every user's (admin). */
  listApiTokens(all = false): Answer<'listApiTokens'> {
    return this.call('listApiTokens', { query: all ? { all: 'true' } : {} });
  }

  /** Revokes an API token: refused from the next request on. */
  revokeApiToken(id: string): Answer<'revokeApiToken'> {
    return this.call('revokeApiToken', { params: { id } });
  }

  me(): Answer<'me'> {
    return this.call('me', {});
  }

  listOrganisations(): Answer<'listOrganisations'> {
    return this.call('listOrganisations', {});
  }

  createOrganisation(input: Body<'createOrganisation'>): Answer<'createOrganisation'> {
    return this.call('createOrganisation', { body: input });
  }

  createUser(input: Body<'createUser'>): Answer<'createUser'> {
    return this.call('createUser', { body: input });
  }

  // --- stations (steward side) ---

  registerStation(input: Body<'registerStation'>): Answer<'registerStation'> {
    return this.call('registerStation', { body: input });
  }

  /** Registers the public key that signs a station's audit chain (a steward of its organisation). */
  registerStationKey(stationId: string, publicKeyPem: string): Answer<'registerStationKey'> {
    return this.call('registerStationKey', { params: { id: stationId }, body: { publicKeyPem } });
  }

  listStations(organisationId?: string): Answer<'listStations'> {
    return this.call('listStations', { query: { organisationId } });
  }

  /** The hub's task-signing public key; a station pins its keyId. */
  hubKey(): Answer<'hubKey'> {
    return this.call('hubKey', {});
  }

  // --- station protocol (station token) ---

  /** The station is alive; with `auditHead`, the signed head of its audit chain (the answer says if it was kept). */
  heartbeat(input: Body<'heartbeat'>): Answer<'heartbeat'> {
    return this.call('heartbeat', { body: input });
  }

  /** The latest signed head of this station's audit chain the hub holds, and its flag if a head was refused. */
  stationAuditHead(): Answer<'stationAuditHead'> {
    return this.call('stationAuditHead', {});
  }

  /**
   * Long-polls for tasks (up to `wait` seconds). The answer is parsed with the protocol schema; the
   * station still verifies every signature itself.
   */
  poll(options: { wait?: number; signal?: AbortSignal } = {}): Answer<'pollTasks'> {
    return this.call('pollTasks', {
      query: { wait: options.wait ?? 0 },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /**
   * Sends a task's result (acknowledged again, as a duplicate, when the hub already has the same one),
   * with the station's current signed audit head when given.
   */
  submitResult(result: TaskResult, auditHead?: SignedAuditHead): Answer<'submitResult'> {
    return this.call('submitResult', { body: auditHead ? { ...result, auditHead } : result });
  }

  publishDataset(metadata: Body<'publishDataset'>): Answer<'publishDataset'> {
    return this.call('publishDataset', { body: metadata });
  }

  // --- catalogue (public) ---

  searchCatalogue(filter: { q?: string; code?: string; type?: string } = {}): Answer<'searchCatalogue'> {
    return this.call('searchCatalogue', { query: filter });
  }

  /** HealthDCAT-AP as JSON-LD (parsed) or Turtle (text). */
  exportCatalogue(format: 'jsonld'): Answer<'catalogueJsonLd'>;
  exportCatalogue(format: 'ttl'): Answer<'catalogueTurtle'>;
  exportCatalogue(format: 'jsonld' | 'ttl'): Promise<Record<string, unknown> | string> {
    return format === 'ttl' ? this.call('catalogueTurtle', {}) : this.call('catalogueJsonLd', {});
  }

  // --- access requests and permits ---

  createRequest(input: Body<'createRequest'>): Answer<'createRequest'> {
    return this.call('createRequest', { body: input });
  }

  listRequests(status?: 'submitted' | 'approved' | 'rejected'): Answer<'listRequests'> {
    return this.call('listRequests', { query: { status } });
  }

  decideRequest(id: string, decision: Body<'decideRequest'>): Answer<'decideRequest'> {
    return this.call('decideRequest', { params: { id }, body: decision });
  }

  listPermits(): Answer<'listPermits'> {
    return this.call('listPermits', {});
  }

  revokePermit(id: string, reason: string): Answer<'revokePermit'> {
    return this.call('revokePermit', { params: { id }, body: { reason } });
  }

  // --- runs ---

  createRun(input: Body<'createRun'>): Answer<'createRun'> {
    return this.call('createRun', { body: input });
  }

  /**
   * The run. With `wait` (seconds) the hub answers once the run is no longer running or, with the
   * `version` last seen, once it moved on from that version; at the latest after `wait` seconds.
   */
  getRun(
    id: string,
    options: { wait?: number; version?: string; signal?: AbortSignal } = {},
  ): Answer<'getRun'> {
    return this.call('getRun', {
      params: { id },
      query: { wait: options.wait, version: options.version },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  listRuns(permitId?: string): Answer<'listRuns'> {
    return this.call('listRuns', { query: { permitId } });
  }

  /**
   * Waits until a run is done or failed. The hub holds each request (long-poll, up to `waitSeconds`)
   * until the run ends or, with `onProgress`, until a station's status changes; a hub that answers at
   * once (no `version` in its runs) is asked again every `intervalMs`. `onProgress` gets the run each
   * time a station's status changes (for a progress display).
   */
  async waitForRun(
    id: string,
    options: {
      intervalMs?: number;
      /** Longest single long-poll, seconds (default 25; 0 asks every `intervalMs` instead). */
      waitSeconds?: number;
      timeoutMs?: number;
      signal?: AbortSignal;
      onProgress?: (run: RunView, stations: StationTaskStatus[]) => void;
    } = {},
  ): Promise<RunView> {
    const interval = options.intervalMs ?? 500;
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    const follow = options.onProgress !== undefined;
    let last = '';
    // Undefined until the hub showed it long-polls runs (a version) and, when following, what was seen.
    let version: string | undefined;
    let longPolls = !follow;
    for (;;) {
      const left = Math.floor((deadline - Date.now()) / 1000);
      const wait = longPolls ? Math.max(0, Math.min(options.waitSeconds ?? 25, left)) : 0;
      const run = await this.getRun(id, {
        ...(wait > 0 ? { wait, ...(follow && version !== undefined ? { version } : {}) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const stations = run.rounds.flatMap((r) => r.stations);
      const fingerprint = `${run.status}|${stations.map((s) => `${s.taskId}:${s.status}`).join(',')}`;
      if (fingerprint !== last) {
        last = fingerprint;
        options.onProgress?.(run, stations);
      }
      if (run.status !== 'running') return run;
      if (Date.now() > deadline)
        throw new AppError('unavailable', `run did not finish in time`, `runs/${id}`);
      // A hub that long-polls answered because the run moved or the wait ran out: ask again at once.
      // A hub without versions answered at once, and so did one asked without `wait`: wait first.
      const moved = run.version !== undefined && run.version !== version;
      const heldBack = wait > 0 && run.version !== undefined;
      version = run.version;
      longPolls = run.version !== undefined && (options.waitSeconds ?? 25) > 0;
      if (!(heldBack || (follow && moved && longPolls))) await sleep(interval, options.signal);
    }
  }

  // --- transparency and audit ---

  transparency(): Answer<'transparency'> {
    return this.call('transparency', {});
  }

  audit(filter: { permitId?: string; limit?: number; beforeSeq?: number } = {}): Answer<'audit'> {
    return this.call('audit', { query: filter });
  }

  verifyAudit(): Answer<'verifyAudit'> {
    return this.call('verifyAudit', {});
  }

  /** The head of the hub's own audit chain, signed with the hub's key (public). */
  hubAuditHead(): Answer<'hubAuditHead'> {
    return this.call('hubAuditHead', {});
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
