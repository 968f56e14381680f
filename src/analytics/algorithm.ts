import type { z } from 'zod';
import type { EhdsPurpose } from '../common/ehds-purposes.ts';

/**
 * An algorithm = a *local* half that runs at each station on its own data and returns aggregates only,
 * and a *central* half that combines the stations' partial results. Registered by name and version;
 * stations accept it by name, version and content hash (see algorithm-registry.ts).
 *
 * The local half never sees a server: it gets a {@link LocalContext} with a read-only query interface
 * to the station's tables (views/README.md). The central half never sees rows: only partials.
 */
export interface LocalContext {
  stationId: string;
  /** Read-only SQL on the station's tables, `$1`-style parameters, the same SQL on every backend. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  dialect: 'duckdb' | 'postgres';
  /** The permit's purpose: patients who objected to it are excluded from every cohort. */
  purpose: EhdsPurpose;
  permitId: string;
  /** The station's disclosure rules (its own policy, not the hub's). */
  disclosure: { threshold: number; rounding: number };
  /** State the station keeps between rounds of one run (e.g. the cohort's patient set). */
  runState: Map<string, unknown>;
}

/** A station's partial result as the central half receives it. */
export interface StationPartial<L> {
  stationId: string;
  output: L;
}

/** After combining one round: either the final result, or the input of the next round. */
export type CentralStep<I, R> = { done: true; result: R } | { done: false; nextInput: I };

export interface Algorithm<I = unknown, L = unknown, R = unknown> {
  name: string;
  version: string;
  description: string;
  /** Validates the analysis input sent by the researcher (and by the hub for later rounds). */
  inputSchema: z.ZodType<I>;
  /** What the local half may return; the station checks its output against it before release. */
  outputSchema: z.ZodType<L>;
  /** Runs at the station. Must apply the station's disclosure rules to everything it returns. */
  local(ctx: LocalContext, input: I, round: number): Promise<L>;
  /** Runs at the hub (or the researcher's side) on the partials of one round. */
  central(partials: StationPartial<L>[], input: I, round: number): CentralStep<I, R>;
  /** The most rounds a run may take (1 for single-round algorithms). */
  maxRounds: number;
}
