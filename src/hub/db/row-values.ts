/** Timestamps from PGlite and pg arrive as Date; the API speaks ISO 8601. */
export function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** jsonb arrives parsed from pg and PGlite; be tolerant of a string from other drivers. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
