import { badInput } from '../common/app-error.ts';
import type { StorageKind } from './table-spec.ts';

/** A value as the store binds it: already normalised for its column. */
export type StoreValue = string | number | boolean | null;

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (d <= 28) return true;
  // Date.UTC maps years 0–99 to 1900–1999; kept for them so their leap years stay as they were. For the
  // rest, arithmetic: a Date per value was a measurable share of the ingest.
  if (y < 100) return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (m !== 2) return d <= DAYS_IN_MONTH[m]!;
  return d <= ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28);
}

/**
 * A FHIR date ('1950', '1950-03', '1950-03-14') as 'YYYY-MM-DD'; a partial date becomes the first day of
 * its year or month. A dateTime's date part is accepted too. Returns undefined when it is not a date.
 */
export function normaliseDate(value: string): string | undefined {
  const m = DATE.exec(value.length > 10 ? value.slice(0, 10) : value);
  if (!m) return undefined;
  const y = m[1]!;
  const mo = m[2] ?? '01';
  const d = m[3] ?? '01';
  if (!validDay(Number(y), Number(mo), Number(d))) return undefined;
  if (value.length > 10 && normaliseDateTime(value) === undefined) return undefined;
  return `${y}-${mo}-${d}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A FHIR dateTime or instant as 'YYYY-MM-DD HH:MM:SS.sss' in UTC (the store's TIMESTAMP has no zone).
 * A partial dateTime ('2020', '2020-03', '2020-03-05') is the start of that period, with no zone shift
 * because it has no time. Returns undefined when it is not a dateTime.
 */
export function normaliseDateTime(value: string): string | undefined {
  if (value.length === 20 && value.charCodeAt(19) === 90 /* Z */) {
    const fast = utcSeconds(value);
    if (fast !== undefined) return fast;
  }
  if (value.length <= 10) {
    const d = normaliseDate(value);
    return d === undefined ? undefined : `${d} 00:00:00.000`;
  }
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (!validDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) {
    return undefined;
  }
  const ms = frac ? pad(Math.floor(Number(`0${frac}`) * 1000), 3) : '000';
  if (!zone || zone === 'Z' || zone === '+00:00' || zone === '-00:00')
    return `${y}-${mo}-${d} ${h}:${mi}:${s}.${ms}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone}`);
  if (Number.isNaN(t)) return undefined;
  const u = new Date(t);
  return (
    `${pad(u.getUTCFullYear(), 4)}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())} ` +
    `${pad(u.getUTCHours())}:${pad(u.getUTCMinutes())}:${pad(u.getUTCSeconds())}.${pad(u.getUTCMilliseconds(), 3)}`
  );
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** The two-digit number at `i` of `v` (digits already checked). */
const twoDigits = (v: string, i: number) => (v.charCodeAt(i) - 48) * 10 + v.charCodeAt(i + 1) - 48;
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * `YYYY-MM-DDTHH:MM:SSZ`, the most common dateTime by far, checked by character instead of the pattern
 * (same result as the general path, which handles everything else).
 */
function utcSeconds(v: string): string | undefined {
  for (const i of DIGITS_AT) if (!isDigit(v.charCodeAt(i))) return undefined;
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return undefined;
  // No closure here: one created per call was a measurable share of the ingest.
  const y = twoDigits(v, 0) * 100 + twoDigits(v, 2);
  if (
    !validDay(y, twoDigits(v, 5), twoDigits(v, 8)) ||
    twoDigits(v, 11) > 23 ||
    twoDigits(v, 14) > 59 ||
    twoDigits(v, 17) > 60
  )
    return undefined;
  return `${v.slice(0, 10)} ${v.slice(11, 19)}.000`;
}

/**
 * Normalises one view value for a column of the given storage kind. `where` (table.column) goes into the
 * error; the value itself never does, since it may be patient data.
 */
export function normaliseValue(kind: StorageKind, value: unknown, where: string): StoreValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw badInput('expected a string value', where);
    case 'date': {
      const d = typeof value === 'string' ? normaliseDate(value) : undefined;
      if (d === undefined) throw badInput('not a valid FHIR date', where);
      return d;
    }
    case 'timestamp': {
      const d = typeof value === 'string' ? normaliseDateTime(value) : undefined;
      if (d === undefined) throw badInput('not a valid FHIR dateTime', where);
      return d;
    }
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw badInput('not a valid decimal', where);
      return n;
    }
    case 'bigint': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw badInput('not a valid integer', where);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw badInput('not a valid boolean', where);
    default: {
      const never: never = kind;
      throw badInput(`unknown storage kind ${String(never)}`, where);
    }
  }
}
