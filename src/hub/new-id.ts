import { randomUUID } from 'node:crypto';

/** A new opaque id with a readable prefix (`stn_…`, `run_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
