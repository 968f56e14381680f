/**
 * A released count: a number, or `{ value, suppressed, reason?, suppressedAt? }` from a station's
 * disclosure control. A suppressed count is never shown as 0: it is shown as suppressed ("<10") or
 * withheld (another reason); a combined number says at how many stations more were suppressed.
 */
export type CountLike =
  | number
  | null
  | undefined
  | { value: number | null; suppressed?: boolean; reason?: string; suppressedAt?: unknown };

export interface CountView {
  /** The number to draw, or null when nothing may be drawn. */
  value: number | null;
  /** How to write it. */
  kind: 'number' | 'suppressed' | 'withheld' | 'partial' | 'missing';
  /** For a combined count: at how many stations the count was suppressed (left out of the sum). */
  suppressedAt?: number;
}

export function countView(c: CountLike): CountView {
  if (c === undefined) return { value: null, kind: 'missing' };
  if (c === null) return { value: null, kind: 'suppressed' };
  if (typeof c === 'number') return { value: c, kind: 'number' };
  const at = Array.isArray(c.suppressedAt) ? c.suppressedAt.length : Number(c.suppressedAt ?? 0) || 0;
  if (c.value === null || c.suppressed === true)
    return { value: null, kind: c.reason && c.reason !== 'small' ? 'withheld' : 'suppressed' };
  if (c.value === 0 && at > 0) return { value: null, kind: 'suppressed' };
  return at > 0 ? { value: c.value, kind: 'partial', suppressedAt: at } : { value: c.value, kind: 'number' };
}
