import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadLocalRegistry } from '../../analytics/local-registry.ts';
import { JsonFileEpsilonLedger } from '../../analytics/privacy/epsilon-ledger.ts';
import { STATION_TOKEN_DAYS } from '../../api/station-schemas.ts';
import type { AuditLog } from '../../audit/index.ts';
import { badInput } from '../../common/app-error.ts';
import { HubClient } from '../../hub-client/index.ts';
import type { TaskResult } from '../../protocol/messages.ts';
import { openStore } from '../../store/open-store.ts';
import type { StationStore } from '../../store/station-store.ts';
import { platformViews, tablesOfViews } from '../ingest/default-ingest-deps.ts';
import { loadPolicy, POLICY_FILE, savePolicy } from '../policy/index.ts';
import { openStationAudit } from '../station-audit.ts';
import { openStation } from '../station-dir.ts';
import { checkTask } from '../task-gate/check-task.ts';
import type { HubConnection } from './hub-connection.ts';
import { loadHubRegistration, saveHubRegistration } from './hub-registration.ts';
import { PendingPermits, PermitUsage, RevokedPermits } from './permit-usage.ts';
import { ResultOutbox } from './result-outbox.ts';
import { StationAgent } from './station-agent.ts';
import { noiseSecret, openReleaseLedger } from './station-context.ts';
import { StewardDesk } from './steward-desk.ts';
import { createTaskExecutor } from './task-executor.ts';

export { AUDIT_FILE } from '../station-dir.ts';
export const PENDING_PERMITS_FILE = 'pending-permits.json';
/** The station's own count of runs per permit (a journal; see PermitUsage). */
export const PERMIT_USAGE_FILE = 'permit-usage.jsonl';
/** What became of the decisions the station's stewards recorded at the hub (see StewardDesk). */
export const STEWARD_DECISIONS_FILE = 'steward-decisions.json';
/** Results kept until the hub acknowledges them (see ResultOutbox). */
export const OUTBOX_FILE = 'result-outbox.jsonl';
/** Differential-privacy budget a station grants each permit (epsilon), when an analysis asks for noise. */
export const DEFAULT_EPSILON_PER_PERMIT = 1;

export interface StationNode {
  stationId: string;
  agent: StationAgent;
  store: StationStore;
  audit: AuditLog;
  close(): Promise<void>;
}

export interface StationNodeOptions {
  /** Defaults to the station's `hub.json`. */
  hub?: HubConnection;
  stationId?: string;
  logger?: Logger;
  pollWaitSeconds?: number;
  heartbeatSeconds?: number;
  onTask?(result: TaskResult): void;
}

/** A station renews its token when less than this is left (the hub's heartbeat says when it expires). */
export const RENEW_WITHIN_MS = STATION_TOKEN_DAYS.renewWithin * 86_400_000;

/** Whether a token that expires at `expiresAt` is due for renewal at `now` (the hub's clock). */
export function tokenDueForRenewal(expiresAt: string, now: string): boolean {
  return Date.parse(expiresAt) - Date.parse(now) < RENEW_WITHIN_MS;
}

/**
 * A {@link HubClient} as the station agent's outbound connection. With `saveToken`, a heartbeat that
 * says the station's token ends within `RENEW_WITHIN_MS` renews it: the new token is used at once (the
 * hub refuses the old one from then on) and handed to `saveToken` to keep (hub.json).
 */
export function hubConnection(
  client: HubClient,
  saveToken?: (token: string) => Promise<void>,
): HubConnection {
  return {
    heartbeat: async (status) => {
      const answer = await client.heartbeat(status);
      if (
        saveToken &&
        answer.tokenExpiresAt &&
        tokenDueForRenewal(answer.tokenExpiresAt, answer.serverTime)
      ) {
        const renewed = await client.call('renewStationToken', {});
        client.setToken(renewed.token);
        await saveToken(renewed.token);
      }
      return answer;
    },
    poll: ({ waitSeconds, signal }) => client.poll({ wait: waitSeconds, ...(signal ? { signal } : {}) }),
    submitResult: (result, auditHead) => client.submitResult(result, auditHead),
  };
}

/**
 * Assembles a running station from its folder: its store, its own policy (checked for every task, so a
 * steward's change applies at once), the task gate, the algorithms it holds, its audit log, and the
 * outbound connection to its hub. Call `agent.start()` to begin polling.
 */
export async function openStationNode(dir: string, options: StationNodeOptions = {}): Promise<StationNode> {
  const station = await openStation(dir);
  const registration = await loadHubRegistration(station.dir);
  const stationId = options.stationId ?? registration?.stationId;
  const hub =
    options.hub ??
    (registration
      ? hubConnection(new HubClient(registration.hubUrl, { token: registration.token }), (token) =>
          saveHubRegistration(station.dir, { ...registration, token }),
        )
      : undefined);
  if (!stationId || !hub) {
    throw badInput('station is not registered at a hub (hub.json missing); run `ai4h station register`', dir);
  }
  const store = await openStore(station.location, tablesOfViews(await platformViews()));
  const registry = await loadLocalRegistry();
  let policy = await loadPolicy(station.dir);
  // Parsed again only when policy.json changes (it is replaced by rename, so inode or mtime moves).
  // A stat per task; synchronous, as it takes microseconds and would otherwise wait for a free thread.
  let seen = '';
  const currentPolicy = async () => {
    const st = statSync(join(station.dir, POLICY_FILE), { throwIfNoEntry: false });
    const mark = st ? `${st.ino}:${st.mtimeMs}:${st.size}` : 'none';
    if (mark !== seen) {
      policy = await loadPolicy(station.dir);
      seen = mark;
    }
    return policy;
  };
  const stationAudit = await openStationAudit(station.dir);
  // A log written before heads were signed gets its current head signed, so the hub can hold it.
  await stationAudit.storage.sealHead();
  const audit = stationAudit.log;
  const releaseLedger = openReleaseLedger(station);
  const secret = noiseSecret(station);
  const usage = new PermitUsage(join(station.dir, PERMIT_USAGE_FILE), join(station.dir, 'permit-usage.json'));
  const outbox = new ResultOutbox(join(station.dir, OUTBOX_FILE));
  const execute = createTaskExecutor({
    stationId,
    registry,
    // Algorithm SQL: the engine refuses any write (read-only transaction, reader role, no file access).
    query: (sql, params) => store.readOnlyQuery(sql, params),
    dialect: store.dialect,
    disclosure: () => policy.disclosure,
    ledger: releaseLedger,
    noise: async () => ({ secret, dataVersion: await store.dataVersion() }),
    privacy: {
      ledger: new JsonFileEpsilonLedger(join(station.dir, 'epsilon-ledger.json')),
      epsilonPerPermit: DEFAULT_EPSILON_PER_PERMIT,
    },
  });
  const pending = new PendingPermits(join(station.dir, PENDING_PERMITS_FILE));
  const steward = new StewardDesk({
    stationId,
    policy: currentPolicy,
    savePolicy: (p) => savePolicy(station.dir, p),
    pending,
    audit,
    outcomesPath: join(station.dir, STEWARD_DECISIONS_FILE),
  });
  const agent = new StationAgent({
    stationId,
    hub,
    // The policy is checked for every task (and re-read when it changed): a steward's change applies to the next one.
    gate: async (envelope, revokedPermitIds) => {
      policy = await currentPolicy();
      return checkTask(envelope, { policy, stationId, now: new Date(), revokedPermitIds });
    },
    execute,
    dataVersion: () => store.dataVersion(),
    audit,
    usage,
    revoked: new RevokedPermits(join(station.dir, 'revoked-permits.json')),
    pending,
    steward,
    outbox,
    auditHead: () => stationAudit.latestSignedHead(),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.pollWaitSeconds !== undefined ? { pollWaitSeconds: options.pollWaitSeconds } : {}),
    ...(options.heartbeatSeconds !== undefined ? { heartbeatSeconds: options.heartbeatSeconds } : {}),
    ...(options.onTask ? { onTask: options.onTask } : {}),
  });
  return {
    stationId,
    agent,
    store,
    audit,
    async close() {
      await agent.stop();
      await store.close();
      stationAudit.close();
      releaseLedger.close();
      usage.close();
      outbox.close();
    },
  };
}
