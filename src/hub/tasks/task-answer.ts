import type { TaskResult } from '../../protocol/messages.ts';

/** A task's answer as the hub stored it. */
export interface StoredAnswer {
  status: string;
  digest: string | null;
  data_version: string | null;
  reason: string | null;
}

/**
 * Whether `result` is the answer already stored for its task: a station that re-sends an answer (its
 * first attempt reached the hub but the acknowledgement did not reach the station) gets it
 * acknowledged again, not counted twice. The same status and, for aggregates, the same digest (of the
 * output, checked on arrival) and data version; for a refusal the same reason. The free text of a
 * message does not make an answer different.
 */
export function isStoredAnswer(stored: StoredAnswer, result: TaskResult): boolean {
  if (stored.status !== result.status) return false;
  switch (result.status) {
    case 'done':
      return stored.digest === result.digest && stored.data_version === result.dataVersion;
    case 'refused':
      return stored.reason === result.reason;
    case 'failed':
      return true;
  }
}

/** Why a result for a task that is no longer open is refused (a 409 message; no output, no counts). */
export function answeredMessage(stored: StoredAnswer): string {
  if (stored.status === 'timed-out')
    return 'the task timed out before this result arrived; its run went on without this station';
  return `the task was already answered (${stored.status}) with another result; a station answers a task once`;
}
