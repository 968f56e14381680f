import type { Logger } from 'pino';
import type { SigningKeys } from '../protocol/signing.ts';
import type { HubAudit } from './audit/hub-audit.ts';
import type { HubDb } from './db/hub-db.ts';
import type { CentralHalves } from './tasks/central-halves.ts';

/** Everything the hub's services share: the database, the clock, its keys, its audit log. */
export interface HubContext {
  db: HubDb;
  /** The hub's notion of now; tests move it to expire tokens, permits and tasks. */
  now: () => Date;
  keys: SigningKeys & { keyId: string };
  jwtSecret: Uint8Array;
  audit: HubAudit;
  centralHalves: CentralHalves;
  log: Logger;
  /** How long a station has to answer a task before it times out. */
  taskTtlMs: number;
  /** A station is shown online when its last heartbeat is younger than this. */
  onlineWindowMs: number;
  /** Wakes long-polls waiting for tasks for a station. Call after the tasks are committed. */
  notifyStation(stationId: string): void;
  /**
   * Wakes clients waiting for a run to change (a task delivered or answered) and, when `finished`,
   * those waiting for its end.
   */
  notifyRun(runId: string, finished?: boolean): void;
}
