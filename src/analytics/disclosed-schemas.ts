import { z } from 'zod';
import { type SuppressionReason, SuppressionReasons } from '../privacy/disclosure/disclosure-policy.ts';

const reasons = Object.keys(SuppressionReasons) as [SuppressionReason, ...SuppressionReason[]];

/** Why a station withheld a number (a closed set; the faces explain each in Dutch and English). */
export const SuppressionReasonSchema = z.enum(reasons);

/** A count as it leaves a station: rounded, or null and suppressed with its reason. */
export const DisclosedCountSchema = z.strictObject({
  value: z.number().int().nonnegative().nullable(),
  suppressed: z.boolean(),
  reason: SuppressionReasonSchema.optional(),
});
