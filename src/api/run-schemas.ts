import { z } from 'zod';
import { AlgorithmRefSchema, RefusalReasonSchema } from '../protocol/messages.ts';
import { Timestamp } from './api-values.ts';
import { WaitSchema } from './station-schemas.ts';

export const RunStatuses = ['running', 'done', 'failed'] as const;
export const RunStatusSchema = z.enum(RunStatuses);

/**
 * The combined result of a run as its algorithm's central half made it (aggregates only, never rows).
 * Its shape is the algorithm's: see the algorithm's `resultSchema`, published in the OpenAPI document as
 * `components.schemas["AlgorithmResult.<name>.<version>"]` where the algorithm declares one.
 */
export const AlgorithmResultSchema = z.unknown().meta({
  description:
    "The algorithm's combined result (aggregates only); its schema per algorithm is " +
    'components.schemas["AlgorithmResult.<name>.<version>"] where the algorithm declares one.',
});

export const TaskStatuses = ['pending', 'delivered', 'done', 'refused', 'failed', 'timed-out'] as const;
export type TaskStatus = (typeof TaskStatuses)[number];
export const TaskStatusSchema = z.enum(TaskStatuses);

/** One station's task in one round of a run. */
export const StationTaskStatusSchema = z.object({
  taskId: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  status: TaskStatusSchema,
  reason: RefusalReasonSchema.optional(),
  message: z.string().optional(),
  dataVersion: z.string().optional(),
  digest: z.string().optional(),
  issuedAt: Timestamp,
  expiresAt: Timestamp,
  deliveredAt: Timestamp.optional(),
  answeredAt: Timestamp.optional(),
});
export type StationTaskStatus = z.infer<typeof StationTaskStatusSchema>;

/** A run with per-round, per-station status, its result and its provenance. */
export const RunViewSchema = z.object({
  id: z.string(),
  permitId: z.string(),
  userId: z.string(),
  algorithm: AlgorithmRefSchema,
  input: z.unknown(),
  status: RunStatusSchema,
  round: z.number().int().nonnegative(),
  rounds: z.array(
    z.object({ round: z.number().int().nonnegative(), stations: z.array(StationTaskStatusSchema) }),
  ),
  result: AlgorithmResultSchema.optional(),
  resultDigest: z.string().optional(),
  error: z.string().optional(),
  createdAt: Timestamp,
  finishedAt: Timestamp.optional(),
  /**
   * Changes whenever the run's status, round or any task's status changes: a client waiting for the run
   * sends it back (`GET /api/runs/:id?wait=…&version=…`) and is answered when it is stale. Hubs from
   * before long-polled runs leave it out, and clients then ask again at intervals.
   */
  version: z.string().optional(),
  provenance: z.object({
    permitId: z.string(),
    algorithm: AlgorithmRefSchema,
    /** Stations whose partials went into the result, with the data version they computed on. */
    answered: z.array(
      z.object({
        stationId: z.string(),
        stationName: z.string(),
        dataVersion: z.string(),
        rounds: z.array(z.number().int().nonnegative()),
      }),
    ),
    /** Stations (per round) that did not contribute, and why. */
    missing: z.array(
      z.object({
        stationId: z.string(),
        stationName: z.string(),
        round: z.number().int().nonnegative(),
        status: TaskStatusSchema,
        reason: RefusalReasonSchema.optional(),
        message: z.string().optional(),
      }),
    ),
  }),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const RunInputSchema = z.strictObject({
  permitId: z.string().min(1),
  algorithm: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  /**
   * Checked against the algorithm's input schema before any task is issued; a field that schema does not
   * know is refused (400 naming it), never stored or sent on.
   */
  input: z.unknown(),
});
export type RunInput = z.infer<typeof RunInputSchema>;

export const RunsQuerySchema = z.object({ permitId: z.string().optional() });

export const RunWaitQuerySchema = z.object({
  // Longer waits than the hub allows are shortened, not refused: the client asks again.
  wait: WaitSchema,
  version: z.string().max(100).optional(),
});
