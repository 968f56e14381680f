/** Normalises driver values so both engines return the same JS values (see StationStore.query). */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A Date that stood for a calendar date (UTC midnight) as 'YYYY-MM-DD'. */
export function dateString(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A number from a BIGINT/HUGEINT/NUMERIC; beyond 2^53 precision is lost, which counts never reach. */
export function toNumber(v: bigint | string): number {
  return Number(v);
}
