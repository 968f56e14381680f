import { AppError, type ErrorCode, ErrorCodes } from '../common/app-error.ts';
import { type PollResponse, PollResponseSchema, type TaskResult } from '../protocol/messages.ts';
import { fetchTransport, nodeTransport, type Transport, type TransportResponse } from './http-transport.ts';
import type {
  AccessRequest,
  AccessRequestInput,
  AuditEntryView,
  AuditVerificationView,
  CatalogueEntry,
  DatasetMetadata,
  HubOrganisation,
  HubStation,
  HubUser,
  PermitRecord,
  Role,
  RunView,
  StationTaskStatus,
  TransparencyEntry,
} from './hub-api-types.ts';

export interface HubClientOptions {
  /** A JWT, API token or station token. */
  token?: string;
  /** For tests or a custom agent; by default requests go through node:http(s) with kept-alive connections. */
  fetch?: typeof fetch;
}

/**
 * A typed client of the hub's REST API, for the station runtime, the CLI and scripts. Every error the
 * hub returns becomes an {@link AppError} with the hub's code, message and `where`.
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

  // --- auth and organisations ---

  /** Signs in; the returned JWT (15 minutes) is used for the following calls. */
  async login(email: string, password: string): Promise<{ token: string; expiresAt: string; user: HubUser }> {
    const out = await this.request<{ token: string; expiresAt: string; user: HubUser }>(
      'POST',
      '/api/auth/login',
      {
        body: { email, password },
        anonymous: true,
      },
    );
    this.token = out.token;
    return out;
  }

  /** A long-lived token for scripts (returned once). */
  createApiToken(
    label: string,
    expiresInDays?: number,
  ): Promise<{ id: string; token: string; expiresAt?: string }> {
    return this.request('POST', '/api/auth/tokens', { body: { label, expiresInDays } });
  }

  me(): Promise<HubUser> {
    return this.request('GET', '/api/me');
  }

  listOrganisations(): Promise<HubOrganisation[]> {
    return this.request('GET', '/api/organisations');
  }

  createOrganisation(input: { name: string; kind: HubOrganisation['kind'] }): Promise<HubOrganisation> {
    return this.request('POST', '/api/organisations', { body: input });
  }

  createUser(input: {
    email: string;
    name: string;
    organisationId: string;
    role: Role;
    password: string;
  }): Promise<HubUser> {
    return this.request('POST', '/api/users', { body: input });
  }

  // --- stations (steward side) ---

  registerStation(input: {
    name: string;
    organisationId: string;
    publicKeyPem: string;
  }): Promise<{ id: string; token: string; keyId: string }> {
    return this.request('POST', '/api/stations', { body: input });
  }

  listStations(organisationId?: string): Promise<HubStation[]> {
    return this.request('GET', '/api/stations', { query: { organisationId } });
  }

  /** The hub's task-signing public key; a station pins its keyId. */
  hubKey(): Promise<{ publicKeyPem: string; keyId: string }> {
    return this.request('GET', '/api/hub/key', { anonymous: true });
  }

  // --- station protocol (station token) ---

  heartbeat(input: { dataVersion: string; version: string }): Promise<{ ok: true; serverTime: string }> {
    return this.request('POST', '/api/station/heartbeat', { body: input });
  }

  /**
   * Long-polls for tasks (up to `wait` seconds). The answer is parsed with the protocol schema; the
   * station still verifies every signature itself.
   */
  async poll(options: { wait?: number; signal?: AbortSignal } = {}): Promise<PollResponse> {
    const raw = await this.request<unknown>('GET', '/api/station/tasks', {
      query: { wait: options.wait ?? 0 },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const parsed = PollResponseSchema.safeParse(raw);
    if (!parsed.success)
      throw new AppError('unprocessable', 'the hub sent a malformed poll response', 'poll');
    return parsed.data;
  }

  submitResult(result: TaskResult): Promise<{ accepted: true }> {
    return this.request('POST', '/api/station/results', { body: result });
  }

  publishDataset(metadata: DatasetMetadata): Promise<{ id: string }> {
    return this.request('POST', '/api/station/datasets', { body: metadata });
  }

  // --- catalogue (public) ---

  searchCatalogue(filter: { q?: string; code?: string; type?: string } = {}): Promise<CatalogueEntry[]> {
    return this.request('GET', '/api/catalogue', { query: filter, anonymous: true });
  }

  /** HealthDCAT-AP as JSON-LD (parsed) or Turtle (text). */
  exportCatalogue(format: 'jsonld'): Promise<Record<string, unknown>>;
  exportCatalogue(format: 'ttl'): Promise<string>;
  exportCatalogue(format: 'jsonld' | 'ttl'): Promise<Record<string, unknown> | string> {
    return this.request('GET', `/api/catalogue/dcat.${format}`, { anonymous: true, text: format === 'ttl' });
  }

  // --- access requests and permits ---

  createRequest(input: AccessRequestInput): Promise<AccessRequest> {
    return this.request('POST', '/api/requests', { body: input });
  }

  listRequests(status?: AccessRequest['status']): Promise<AccessRequest[]> {
    return this.request('GET', '/api/requests', { query: { status } });
  }

  decideRequest(
    id: string,
    decision: { approve: boolean; note: string },
  ): Promise<{ request: AccessRequest; permit?: PermitRecord['permit'] }> {
    return this.request('POST', `/api/requests/${encodeURIComponent(id)}/decision`, { body: decision });
  }

  listPermits(): Promise<PermitRecord[]> {
    return this.request('GET', '/api/permits');
  }

  revokePermit(id: string, reason: string): Promise<PermitRecord> {
    return this.request('POST', `/api/permits/${encodeURIComponent(id)}/revoke`, { body: { reason } });
  }

  // --- runs ---

  createRun(input: {
    permitId: string;
    algorithm: { name: string; version: string };
    input: unknown;
  }): Promise<RunView> {
    return this.request('POST', '/api/runs', { body: input });
  }

  /**
   * The run. With `wait` (seconds) the hub answers once the run is no longer running or, with the
   * `version` last seen, once it moved on from that version; at the latest after `wait` seconds.
   */
  getRun(
    id: string,
    options: { wait?: number; version?: string; signal?: AbortSignal } = {},
  ): Promise<RunView> {
    return this.request('GET', `/api/runs/${encodeURIComponent(id)}`, {
      query: { wait: options.wait, version: options.version },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  listRuns(permitId?: string): Promise<RunView[]> {
    return this.request('GET', '/api/runs', { query: { permitId } });
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

  transparency(): Promise<TransparencyEntry[]> {
    return this.request('GET', '/api/public/transparency', { anonymous: true });
  }

  audit(filter: { permitId?: string; limit?: number; beforeSeq?: number } = {}): Promise<AuditEntryView[]> {
    return this.request('GET', '/api/audit', { query: filter });
  }

  verifyAudit(): Promise<AuditVerificationView> {
    return this.request('GET', '/api/audit/verify');
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: {
      body?: unknown;
      query?: Record<string, string | number | undefined>;
      anonymous?: boolean;
      text?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {};
    if (this.token && !options.anonymous) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let res: TransportResponse;
    try {
      res = await this.transport(url, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      if (options.signal?.aborted) throw e;
      throw new AppError(
        'unavailable',
        `hub unreachable (${e instanceof Error ? e.message : 'network error'})`,
        path,
      );
    }
    if (res.status < 200 || res.status >= 300) throw toAppError(res, `${method} ${path}`);
    if (options.text) return res.text as T;
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new AppError(
        'unavailable',
        `the hub answered ${res.status} with something that is not JSON`,
        path,
      );
    }
  }
}

function toAppError(res: TransportResponse, where: string): AppError {
  let body: { error?: unknown; message?: unknown; where?: unknown; details?: unknown } = {};
  try {
    body = (JSON.parse(res.text) ?? {}) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status.
  }
  const code: ErrorCode =
    typeof body.error === 'string' && Object.hasOwn(ErrorCodes, body.error)
      ? (body.error as ErrorCode)
      : ((Object.entries(ErrorCodes).find(([, s]) => s === res.status)?.[0] as ErrorCode | undefined) ??
        'unavailable');
  const message = typeof body.message === 'string' ? body.message : `hub answered ${res.status}`;
  const at = typeof body.where === 'string' ? `${where} ${body.where}` : where;
  // Details such as every problem of a rejected input (`details.issues`) go on to the caller.
  const details =
    typeof body.details === 'object' && body.details !== null && !Array.isArray(body.details)
      ? (body.details as Record<string, unknown>)
      : undefined;
  return new AppError(code, message, at, details);
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
