import type { EpsilonLedger, LocalContext } from '../../analytics/algorithm.ts';
import type { LocalRegistry } from '../../analytics/local-registry.ts';
import { AppError, badInput } from '../../common/app-error.ts';
import type { DisclosureLedger } from '../../privacy/disclosure/disclosure-ledger.ts';
import type { Task } from '../../protocol/messages.ts';

export interface TaskExecutorOptions {
  stationId: string;
  registry: LocalRegistry;
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  dialect: 'duckdb' | 'postgres';
  /** Read for every task, so a steward's policy change applies at once. */
  disclosure: () => LocalContext['disclosure'];
  privacy?: { ledger: EpsilonLedger; epsilonPerPermit: number };
  /** The station's persisted per-permit ledger of released cohort numbers (differencing checks). */
  disclosureLedger?: DisclosureLedger;
}

const MAX_OPEN_RUNS = 64;
const READ_ONLY = /^\s*(\(?\s*)*(select|with)\b/i;

/**
 * Runs a task's algorithm at the station: the local half named by name, version and content hash,
 * its input validated against the algorithm's own schema, its output checked against what the
 * algorithm declared it may return. Per-run state survives between rounds of one run.
 */
export function createTaskExecutor(options: TaskExecutorOptions): (task: Task) => Promise<unknown> {
  const runStates = new Map<string, Map<string, unknown>>();
  const readOnlyQuery: LocalContext['query'] = (sql, params) => {
    if (!READ_ONLY.test(sql))
      throw new AppError('forbidden', 'algorithms may only read the station tables', 'query');
    return options.query(sql, params);
  };

  return async (task) => {
    const algorithm = options.registry.get(task.algorithm.name, task.algorithm.version, task.algorithm.hash);
    const parsed = algorithm.inputSchema.safeParse(task.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badInput(issue?.message ?? 'invalid input', `input.${issue?.path.join('.') ?? ''}`);
    }
    let runState = runStates.get(task.runId);
    if (!runState) {
      runState = new Map();
      runStates.set(task.runId, runState);
      // Runs that converge early never tell the station; keep only the most recent ones.
      if (runStates.size > MAX_OPEN_RUNS) runStates.delete(runStates.keys().next().value as string);
    }
    const ctx: LocalContext = {
      stationId: options.stationId,
      query: readOnlyQuery,
      dialect: options.dialect,
      purpose: task.permit.purpose,
      permitId: task.permit.id,
      disclosure: options.disclosure(),
      runState,
      ...(options.privacy ? { privacy: options.privacy } : {}),
    };
    if (options.disclosureLedger) Object.assign(ctx, { disclosureLedger: options.disclosureLedger });
    const output = await algorithm.local(ctx, parsed.data, task.round);
    const checked = algorithm.outputSchema.safeParse(output);
    if (!checked.success) {
      // The algorithm tried to return something it did not declare: nothing leaves.
      throw new AppError('forbidden', 'output does not match what the algorithm may return', 'output', {
        reason: 'disclosure-risk',
      });
    }
    if (task.round + 1 >= algorithm.maxRounds) runStates.delete(task.runId);
    return checked.data;
  };
}
