import type { z } from 'zod';
import type { EhdsPurpose } from '../common/ehds-purposes.ts';
import type { DisclosurePolicy } from '../privacy/disclosure/disclosure-policy.ts';
import type { ReleaseGuard, ReleaseLedger } from '../privacy/disclosure/release-ledger.ts';
import type { DialectName } from '../store/dialect/dialect.ts';

/**
 * An algorithm = a *local* half that runs at each station on its own data and returns aggregates only,
 * and a *central* half that combines the stations' partial results. Registered by name and version;
 * stations accept it by name, version and content hash (see local-registry.ts / central-registry.ts).
 *
 * Each algorithm is a folder `src/analytics/algorithms/<name>/` (or one level deeper, e.g.
 * `algorithms/cohort/<name>/`) holding exactly these three entry files:
 * - `definition.ts` exports `definition: AlgorithmDefinition<I, L, R>` (no SQL, no maths);
 * - `local.ts` exports `local: LocalHalf<I, L>` (runs at a station);
 * - `central.ts` exports `central: CentralHalf<I, L, R>` (runs at the hub; never imports local code,
 *   the store or FHIR code).
 * The content hash is SHA-256 over the folder's non-test `.ts` files and the project files they import,
 * transitively (algorithm-hash.ts), computed by the registries.
 *
 * The local half never sees a server: it gets a {@link LocalContext} with a read-only query interface
 * to the station's tables (views/README.md). The central half never sees rows: only partials.
 */

/** The station's disclosure rules (its own policy, not the hub's): one type for every layer. */
export type { DisclosurePolicy };

/** A station's disclosure rules as its policy file sets them, with the settings only some algorithms read. */
export interface StationDisclosure extends DisclosurePolicy {
  /**
   * Release a regression's sums (gradient, information matrix, deviance) without the phantom patients
   * that otherwise blur them (`docs/decisions/model-statistics-noise.md`): the federated fit then equals
   * a pooled fit exactly, and anyone who sees it can compute the station's exact number of patients and
   * events. Off unless the station's own policy turns it on.
   */
  readonly exactModelStatistics?: boolean;
}

/** Persisted spending of differential-privacy budget per permit (see privacy/epsilon-ledger.ts). */
export interface EpsilonLedger {
  /** Epsilon spent so far under a permit. */
  spent(permitId: string): Promise<number>;
  /**
   * Records a spend; throws AppError forbidden (budget-exhausted) when it would exceed `budget`. A spend
   * with a label already recorded under the permit (the same task, run again) is not charged twice.
   */
  spend(permitId: string, epsilon: number, budget: number, label: string): Promise<void>;
}

/** What a station gives an algorithm's local half, for every task it runs. */
export interface StationContext {
  stationId: string;
  /**
   * Read-only SQL on the station's tables, one statement with `$1`-style parameters, the same SQL on every
   * backend. At a station this is the store's `readOnlyQuery`: the engine refuses any write.
   */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The engine the station's tables are on; compile SQL for it (the cohort and feature compilers do). */
  dialect: DialectName;
  /** The permit's purpose: patients who objected to it are excluded from every cohort. */
  purpose: EhdsPurpose;
  permitId: string;
  /** The station's disclosure rules (its own policy, not the hub's). */
  disclosure: StationDisclosure;
  /**
   * Every patient set behind a number the station released, across permits and requesters: each task's
   * releases are checked against it and recorded before the answer leaves (local-runner.ts).
   */
  ledger: ReleaseLedger;
  /**
   * Differential privacy: the station's ledger and its epsilon budget per permit. Absent = the station
   * does not offer DP; algorithms asked for DP then refuse.
   */
  privacy?: { ledger: EpsilonLedger; epsilonPerPermit: number };
  /**
   * The station's secret for noise: the same question on the same data gets the same noise, so asking
   * again to average it out gains nothing. Absent (tests), noise comes from the OS random source.
   */
  noise?: { secret: Uint8Array; dataVersion: string };
  /** State the station keeps between rounds of one run (e.g. the cohort's patient set). */
  runState: Map<string, unknown>;
}

/** What a local half gets for one task: the station's context and the task's release guard. */
export interface LocalContext extends StationContext {
  /** The task (or local use) this run of the local half answers. */
  taskId: string;
  /**
   * Every number leaves only on a set of patients admitted here first (`admit` / `require`); a local
   * half that admits nothing has its answer refused.
   */
  release: ReleaseGuard;
  /** Uniform numbers in (0, 1) for noise on the statistic `label` (see {@link StationContext.noise}). */
  uniform(label: string): () => number;
  /**
   * Names the noise of this question: equal for the same input on the same data version when noise is
   * deterministic (so asking again is not charged again: it reveals nothing new), the task id otherwise.
   */
  noiseId: string;
}

/** A station's partial result as the central half receives it. */
export interface StationPartial<L> {
  stationId: string;
  output: L;
}

/** After combining one round: either the final result, or the input of the next round. */
export type CentralStep<I, R> = { done: true; result: R } | { done: false; nextInput: I };

/** Kinds of output a local half may release; each has its disclosure check in disclosure.ts. */
export const DisclosureKinds = {
  counts: 'cell counts of tables, histograms and groups: minimum cell count, rounding',
  moments: 'sums and sums of squares behind means and SDs: minimum n per group',
  regression: 'gradients and Hessians: minimum n, maximum parameters/n',
  quantiles: 'quantiles only from binned data, never an individual value',
  rates: 'rates: midpoint rounding of numerator and denominator',
  dp: 'optional Laplace noise on counts and sums, charged to the permit epsilon budget',
} as const;
export type DisclosureKind = keyof typeof DisclosureKinds;

/** What an algorithm is, without any code that runs it. Safe for the hub, the station and the UI. */
export interface AlgorithmDefinition<I = unknown, L = unknown, R = unknown> {
  name: string;
  version: string;
  description: string;
  /** Validates the analysis input sent by the researcher (and by the hub for later rounds). */
  inputSchema: z.ZodType<I>;
  /** What the local half may return; the station checks its output against it before release. */
  outputSchema: z.ZodType<L>;
  /** The combined result (documentation and UI; not enforced at the station). */
  resultSchema?: z.ZodType<R>;
  /** The disclosure rules the local half applies to what it returns. */
  disclosure: readonly DisclosureKind[];
  /** The most rounds a run may take (1 for single-round algorithms). */
  maxRounds: number;
}

/** The local half. Must apply the station's disclosure rules to everything it returns. */
export interface LocalHalf<I = unknown, L = unknown> {
  run(ctx: LocalContext, input: I, round: number): Promise<L>;
}

/** The central half: runs at the hub (or the researcher's side) on the partials of one round. */
export interface CentralHalf<I = unknown, L = unknown, R = unknown> {
  combine(partials: StationPartial<L>[], input: I, round: number): CentralStep<I, R>;
}

/**
 * Runs the local half for one task through the station's release ledger (local-runner.ts): input
 * validated, output checked against the declared schema, its patient sets recorded before it returns.
 */
export type RunLocal<I, L> = (
  station: StationContext,
  input: I,
  round: number,
  taskId?: string,
) => Promise<L>;

/** An algorithm as a station holds it (local-registry.ts). */
export interface LocalAlgorithm<I = unknown, L = unknown, R = unknown> extends AlgorithmDefinition<I, L, R> {
  /** SHA-256 (hex) of the algorithm folder's source and the project files it imports. */
  hash: string;
  local: RunLocal<I, L>;
}

/** An algorithm as the hub holds it (central-registry.ts). */
export interface CentralAlgorithm<I = unknown, L = unknown, R = unknown>
  extends AlgorithmDefinition<I, L, R> {
  hash: string;
  central: CentralHalf<I, L, R>['combine'];
}

/** Both halves, for the in-process federated driver (runFederated) and tests. */
export interface Algorithm<I = unknown, L = unknown, R = unknown> extends AlgorithmDefinition<I, L, R> {
  local: RunLocal<I, L>;
  central(partials: StationPartial<L>[], input: I, round: number): CentralStep<I, R>;
}
