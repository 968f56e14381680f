import { z } from 'zod';
import { Timestamp } from './api-values.ts';

export const StationSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  publicKeyPem: z.string(),
  keyId: z.string(),
  createdAt: Timestamp,
  lastHeartbeatAt: Timestamp.optional(),
  dataVersion: z.string().optional(),
  softwareVersion: z.string().optional(),
  /** Online while its last heartbeat is younger than the hub's online window. */
  status: z.enum(['online', 'offline']),
});
export type Station = z.infer<typeof StationSchema>;

export const StationInputSchema = z.object({
  name: z.string().min(1).max(200),
  organisationId: z.string().min(1),
  publicKeyPem: z.string().min(1).max(5000),
});
export type StationInput = z.infer<typeof StationInputSchema>;

/** A registered station: its token is in this answer only. */
export const StationRegisteredSchema = z.object({ id: z.string(), token: z.string(), keyId: z.string() });

export const HubKeySchema = z.object({ publicKeyPem: z.string(), keyId: z.string() });

export const HeartbeatInputSchema = z.object({
  dataVersion: z.string().max(200),
  version: z.string().max(100),
});
export type HeartbeatInput = z.infer<typeof HeartbeatInputSchema>;
export const HeartbeatSchema = z.object({ ok: z.literal(true), serverTime: Timestamp });

/** Longest a long-poll may be asked to wait; a hub may hold it for less (its own maximum). */
export const MAX_WAIT_SECONDS = 3600;
export const WaitSchema = z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0);

export const TasksQuerySchema = z.object({ wait: WaitSchema });

/** The hub has the answer; `duplicate` when it had this same answer already (sent again, counted once). */
export const ResultAcceptedSchema = z.object({
  accepted: z.literal(true),
  duplicate: z.literal(true).optional(),
});
