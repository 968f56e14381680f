import type { StewardReport } from '../../api/station-schemas.ts';
import type { SignedAuditHead } from '../../protocol/audit-head.ts';
import type { PollResponse, TaskResult } from '../../protocol/messages.ts';

/** What the hub answered about a signed audit head the station sent along (when it sent one). */
export interface HubAnswer {
  auditHead?: { accepted: boolean; problem?: string };
}

/**
 * What a station needs from the hub. The station always connects out: it long-polls for tasks and
 * posts results; nothing connects into a station. Heartbeats and results carry the station's latest
 * signed audit head. `HubClient` (src/hub-client) implements this over HTTPS; tests use an in-memory hub.
 */
export interface HubConnection {
  heartbeat(status: {
    dataVersion: string;
    version: string;
    auditHead?: SignedAuditHead;
    steward?: StewardReport;
  }): Promise<HubAnswer | undefined>;
  poll(options: { waitSeconds: number; signal?: AbortSignal }): Promise<PollResponse>;
  submitResult(result: TaskResult, auditHead?: SignedAuditHead): Promise<HubAnswer | undefined>;
}
