import { randomUUID } from 'node:crypto';
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

/** A new opaque id with a readable prefix (`stn_…`, `run_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** Timestamps from PGlite and pg arrive as Date; the API speaks ISO 8601. */
export function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** jsonb arrives parsed from pg and PGlite; be tolerant of a string from other drivers. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
