import { z } from 'zod';
import { ErrorCodes } from '../common/app-error.ts';
import { RefusalReasons } from '../common/refusal-reasons.ts';

const codes = [...(Object.keys(ErrorCodes) as (keyof typeof ErrorCodes)[]), 'internal'] as const;

/** A code of the error body: an AppError code, or `internal` for the plain 500 of anything unexpected. */
export const ErrorCodeSchema = z.enum(codes);

/** One problem of a bad input: a JSON path (`body.stations[0]`) and what is wrong there. */
export const InputIssueSchema = z.object({ where: z.string(), message: z.string() });

/**
 * Every error the API returns: a stable code, a message that says what is wrong, and where (a JSON path,
 * a field; null when it is about no field). Bad input lists every issue; a refusal names its reason.
 */
export const ErrorBodySchema = z.object({
  error: ErrorCodeSchema,
  message: z.string(),
  where: z.string().nullable(),
  issues: z.array(InputIssueSchema).optional(),
  reason: z.enum(RefusalReasons).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
