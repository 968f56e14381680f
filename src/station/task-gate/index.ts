/** The station's gate: which signed tasks it runs, decided by its own policy alone. */
export { CLOCK_SKEW_MS, checkTask, type TaskGateContext, type TaskGateDecision } from './check-task.ts';
