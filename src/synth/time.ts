/** Time helpers: all instants are milliseconds since the epoch, in UTC. */
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.2425 * DAY_MS;

/** Milliseconds of midnight UTC of an ISO date (YYYY-MM-DD); NaN when it is not one. */
export function parseIsoDate(value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return Number.NaN;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return new Date(ms).toISOString().startsWith(value) ? ms : Number.NaN;
}

const P2 = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/**
 * YYYY-MM-DD of a UTC instant. Computed by hand (civil-from-days, H. Hinnant) because
 * `Date#toISOString` dominated the generator's profile.
 */
export function isoDate(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y < 1000 ? y.toString().padStart(4, '0') : y}-${P2[m]}-${P2[d]}`;
}

/** FHIR dateTime at second precision in UTC. */
export function isoDateTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const sec = ((s % 86400) + 86400) % 86400;
  return `${isoDate(ms)}T${P2[Math.floor(sec / 3600)]}:${P2[Math.floor(sec / 60) % 60]}:${P2[sec % 60]}Z`;
}

/** Midnight UTC of the first day of the month containing `ms`. */
export function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Midnight UTC of the first day of the month after the one containing `ms`. */
export function nextMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Whole calendar months from the birth month to the month of `atMs` — the age the station can recompute
 * exactly, since it keeps only the first day of the birth month.
 */
export function monthsSinceBirthMonth(birthMs: number, atMs: number): number {
  const b = new Date(birthMs);
  const a = new Date(atMs);
  return (a.getUTCFullYear() - b.getUTCFullYear()) * 12 + (a.getUTCMonth() - b.getUTCMonth());
}

/** Completed years of age on `atMs` (calendar rule, by birth day). */
export function ageInYears(birthMs: number, atMs: number): number {
  const b = new Date(birthMs);
  const a = new Date(atMs);
  let years = a.getUTCFullYear() - b.getUTCFullYear();
  if (
    a.getUTCMonth() < b.getUTCMonth() ||
    (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())
  )
    years--;
  return years;
}
