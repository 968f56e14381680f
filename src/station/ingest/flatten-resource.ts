import * as crypto from 'node:crypto';
import { normaliseValue } from '../../store/fhir-values.ts';
import type { BatchResource } from '../../store/station-store.ts';
import { type StorageKind, storageKind } from '../../store/table-spec.ts';
import type { IngestView } from './ingest-deps.ts';

/** A view with what is fixed per column worked out once: names, storage kinds, error labels. */
export interface PlannedView {
  readonly view: IngestView;
  readonly names: readonly string[];
  readonly kinds: readonly StorageKind[];
  readonly labels: readonly string[];
}

/** The platform views per resource type, each column's storage kind and label worked out once. */
export function planViews(views: readonly IngestView[]): Map<string, PlannedView[]> {
  const byType = new Map<string, PlannedView[]>();
  for (const v of views) {
    const planned: PlannedView = {
      view: v,
      names: v.columns.map((c) => c.name),
      kinds: v.columns.map((c) => storageKind(c.type ?? 'string')),
      labels: v.columns.map((c) => `${v.name}.${c.name}`),
    };
    byType.set(v.resourceType, [...(byType.get(v.resourceType) ?? []), planned]);
  }
  return byType;
}

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;
const oneShot = (crypto as { hash?: OneShotHash }).hash;

/** SHA-1 hex of a string; the one-shot `crypto.hash` (Node ≥ 20.12) skips building a Hash object per resource. */
const sha1Hex: (text: string) => string =
  typeof oneShot === 'function'
    ? (text) => oneShot('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text).digest('hex');

/**
 * One pseudonymised resource as the store takes it: the rows of every view of its type, each value
 * normalised for its column, and a content hash over what is stored. Throws an AppError naming the
 * column when a value does not fit it (the value itself is never named).
 */
export function flattenResource(
  safe: Record<string, unknown>,
  viewsByType: ReadonlyMap<string, readonly PlannedView[]>,
): BatchResource {
  const type = String(safe.resourceType);
  const meta = (safe.meta ?? {}) as { lastUpdated?: unknown; versionId?: unknown };
  const lastUpdated = typeof meta.lastUpdated === 'string' ? meta.lastUpdated : null;
  const versionId = typeof meta.versionId === 'string' ? meta.versionId : null;
  const rows: Record<string, unknown[][]> = {};
  const views = viewsByType.get(type);
  if (views) {
    for (const { view, names, kinds, labels } of views) {
      // Arrays in column order, from the view when it gives them, else from its row objects.
      const out = view.rows ? view.rows(safe) : view.compiled(safe).map((row) => names.map((n) => row[n]));
      for (const values of out) {
        for (let i = 0; i < names.length; i++) {
          const raw = values[i];
          values[i] = normaliseValue(kinds[i]!, Array.isArray(raw) ? JSON.stringify(raw) : raw, labels[i]!);
        }
      }
      rows[view.name] = out;
    }
  }
  const contentHash = sha1Hex(
    `${type}|${lastUpdated}|${versionId}|${views ? JSON.stringify(rows) : JSON.stringify(safe)}`,
  );
  return {
    resourceType: type,
    id: String(safe.id),
    lastUpdated,
    versionId,
    contentHash,
    rows,
    normalised: true,
  };
}
