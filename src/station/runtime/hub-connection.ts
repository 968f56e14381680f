import type { PollResponse, TaskResult } from '../../protocol/messages.ts';

/**
 * What a station needs from the hub. The station always connects out: it long-polls for tasks and
 * posts results; nothing connects into a station. `HubClient` (src/hub-client) implements this over
 * HTTPS; tests use an in-memory hub.
 */
export interface HubConnection {
  heartbeat(status: { dataVersion: string; version: string }): Promise<void>;
  poll(options: { waitSeconds: number; signal?: AbortSignal }): Promise<PollResponse>;
  submitResult(result: TaskResult): Promise<void>;
}
