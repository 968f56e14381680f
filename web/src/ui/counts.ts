/**
 * A released count: a number, or `{ value, suppressed, reason?, suppressedAt? }` from a station's
 * disclosure control. A suppressed count is never shown as 0: it is shown as suppressed ("<10") or
 * withheld (another reason), and `*` marks a combined number that omits a station that withheld it.
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
}

export function countView(c: CountLike): CountView {
  if (c === undefined) return { value: null, kind: 'missing' };
  if (c === null) return { value: null, kind: 'suppressed' };
  if (typeof c === 'number') return { value: c, kind: 'number' };
  const partial = Array.isArray(c.suppressedAt) ? c.suppressedAt.length > 0 : Boolean(c.suppressedAt);
  if (c.value === null)
    return { value: null, kind: c.reason && c.reason !== 'small' ? 'withheld' : 'suppressed' };
  if (c.value === 0 && partial) return { value: null, kind: 'withheld' };
  return { value: c.value, kind: partial ? 'partial' : 'number' };
}
