import { z } from 'zod';

/** An ISO 8601 timestamp in UTC, as the hub writes them. */
export const Timestamp = z.iso.datetime();

/** The `:id` of a route's path. */
export const IdParamsSchema = z.object({ id: z.string().min(1) });
