import { z } from 'zod';
import { ErrorCodes } from '../common/app-error.ts';
import { RefusalReasons } from '../common/refusal-reasons.ts';

const codes = [...(Object.keys(ErrorCodes) as (keyof typeof ErrorCodes)[]), 'internal'] as const;

/** A code of the error body: an AppError code, or `internal` for the plain 500 of anything unexpected. */
export const ErrorCodeSchema = z.enum(codes);

/** One problem of a bad input: a JSON path (`body.stations[0]`) and what is wrong there. */
export const InputIssueSchema = z.object({ path: z.string(), message: z.string() });

/** What an error carries besides its code, message and place (`AppErrorDetails`): typed, never values. */
export const ErrorDetailsSchema = z.object({
  /** Why a task, or the run that would start tasks, is refused. */
  reason: z.enum(RefusalReasons).optional(),
  summary: z.string().optional(),
  /** How many problems the input had; `issues` lists them (at most 50). */
  problems: z.number().int().nonnegative().optional(),
  issues: z.array(InputIssueSchema).optional(),
  /** When to try again (429 Too Many Requests); the `Retry-After` header says the same. */
  retryAfterSeconds: z.number().int().positive().optional(),
});

/**
 * Every error the API returns: a stable code, a message that says what is wrong, and where (a JSON path,
 * a field; null when it is about no field). Bad input lists every problem in `details.issues`; a refusal
 * names its reason in `details.reason`.
 */
export const ErrorBodySchema = z.object({
  error: ErrorCodeSchema,
  message: z.string(),
  where: z.string().nullable(),
  details: ErrorDetailsSchema.optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
