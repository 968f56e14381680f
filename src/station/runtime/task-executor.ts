import type { EpsilonLedger, StationContext } from '../../analytics/algorithm.ts';
import type { LocalRegistry } from '../../analytics/local-registry.ts';
import type { ReleaseLedger } from '../../privacy/disclosure/release-ledger.ts';
import type { Task } from '../../protocol/messages.ts';
import type { DialectName } from '../../store/dialect/dialect.ts';

export interface TaskExecutorOptions {
  stationId: string;
  registry: LocalRegistry;
  /** The store's read-only query: the engine refuses any write (`StationStore.readOnlyQuery`). */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  dialect: DialectName;
  /** Read for every task, so a steward's policy change applies at once. */
  disclosure: () => StationContext['disclosure'];
  /** The station's ledger of every released patient set (all permits, all requesters). */
  ledger: ReleaseLedger;
  privacy?: { ledger: EpsilonLedger; epsilonPerPermit: number };
  /** The station's noise secret and its current data version (deterministic noise; see StationContext). */
  noise?: () => Promise<{ secret: Uint8Array; dataVersion: string }>;
}

const MAX_OPEN_RUNS = 64;

/**
 * Runs a task's algorithm at the station: the local half named by name, version and content hash,
 * through the one local runner (input validated against the algorithm's schema, output checked against
 * what it declared it may return, every patient set behind its numbers checked against and recorded in
 * the station's release ledger before the answer leaves). Per-run state survives between rounds.
 */
export function createTaskExecutor(options: TaskExecutorOptions): (task: Task) => Promise<unknown> {
  const runStates = new Map<string, Map<string, unknown>>();

  return async (task) => {
    const algorithm = options.registry.get(task.algorithm.name, task.algorithm.version, task.algorithm.hash);
    let runState = runStates.get(task.runId);
    if (!runState) {
      runState = new Map();
      runStates.set(task.runId, runState);
      // Runs that converge early never tell the station; keep only the most recent ones.
      if (runStates.size > MAX_OPEN_RUNS) runStates.delete(runStates.keys().next().value as string);
    }
    const station: StationContext = {
      stationId: options.stationId,
      query: options.query,
      dialect: options.dialect,
      purpose: task.permit.purpose,
      permitId: task.permit.id,
      disclosure: options.disclosure(),
      ledger: options.ledger,
      runState,
      ...(options.privacy ? { privacy: options.privacy } : {}),
      ...(options.noise ? { noise: await options.noise() } : {}),
    };
    const output = await algorithm.local(station, task.input, task.round, task.id);
    if (task.round + 1 >= algorithm.maxRounds) runStates.delete(task.runId);
    return output;
  };
}
