import type { DocBlock, EvidenceRef } from '../../api/governance-schemas.ts';
import type { PlatformRecords } from './platform-records.ts';

const escapePointer = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

/** Builds a JSON pointer from path segments. */
export const pointer = (...segments: (string | number)[]) =>
  segments.map((s) => `/${escapePointer(String(s))}`).join('');

/** The value at an RFC 6901 JSON pointer, or undefined. */
export function atPointer(value: unknown, ptr: string): unknown {
  if (ptr === '') return value;
  let cur: unknown = value;
  for (const raw of ptr.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const hrefs: Record<EvidenceRef['kind'], (id: string) => string> = {
  'ai-system': (id) => `/api/governance/systems/${encodeURIComponent(id)}`,
  classification: (id) => `/api/governance/systems/${encodeURIComponent(id)}/classification`,
  model: (id) => `/api/governance/models/${encodeURIComponent(id)}`,
  permit: (id) => `/api/permits/${encodeURIComponent(id)}`,
  run: (id) => `/api/runs/${encodeURIComponent(id)}`,
  dataset: (id) => `/api/catalogue/datasets/${encodeURIComponent(id)}`,
  station: () => '/api/stations',
  audit: () => '/api/audit/verify',
  monitor: (id) => `/api/monitors/${encodeURIComponent(id)}`,
};

/** The record a reference names, or undefined when the platform holds no such record. */
export function findRecord(records: PlatformRecords, ref: Pick<EvidenceRef, 'kind' | 'id'>): unknown {
  switch (ref.kind) {
    case 'ai-system':
      return records.system?.id === ref.id ? records.system : undefined;
    case 'classification':
      return records.system?.id === ref.id ? records.classification : undefined;
    case 'model':
      return records.model.id === ref.id ? records.model : undefined;
    case 'permit':
      return records.permits.find((p) => p.id === ref.id);
    case 'run':
      return records.runs.find((r) => r.id === ref.id);
    case 'dataset':
      return records.datasets.find((d) => d.id === ref.id);
    case 'station':
      return records.stations.find((s) => s.id === ref.id || s.name === ref.id);
    case 'audit':
      return records.audit;
    case 'monitor':
      return records.monitors?.find((m) => m.id === ref.id);
  }
}

/** The value a reference points at (the whole record without a pointer), or undefined. */
export function resolveEvidence(records: PlatformRecords, ref: EvidenceRef): unknown {
  const record = findRecord(records, ref);
  if (record === undefined) return undefined;
  return ref.pointer === undefined ? record : atPointer(record, ref.pointer);
}

/**
 * Makes references only to records that exist: `ref` returns undefined for a record the platform does
 * not hold, so a generator can only cite what is there.
 */
export class EvidenceIndex {
  constructor(readonly records: PlatformRecords) {}

  ref(kind: EvidenceRef['kind'], id: string, label: string, ptr?: string): EvidenceRef | undefined {
    const r: EvidenceRef = {
      kind,
      id,
      label,
      href: hrefs[kind](id),
      ...(ptr !== undefined ? { pointer: ptr } : {}),
    };
    const v = resolveEvidence(this.records, r);
    return v === undefined || v === null ? undefined : r;
  }

  /** A reference into the model record (it always exists). */
  model(label: string, ...path: (string | number)[]): EvidenceRef | undefined {
    return this.ref('model', this.records.model.id, label, path.length ? pointer(...path) : undefined);
  }

  /** A figure whose value is read from the record it cites; undefined when the value is not there. */
  figure(
    label: string,
    ref: EvidenceRef | undefined,
    format: (v: number) => number | string = (v) => v,
    unit?: string,
  ): DocBlock | undefined {
    if (!ref) return undefined;
    const v = resolveEvidence(this.records, ref);
    if (typeof v !== 'number' && typeof v !== 'string') return undefined;
    return {
      kind: 'figure',
      label,
      value: typeof v === 'number' ? format(v) : v,
      ...(unit ? { unit } : {}),
      source: ref,
    };
  }
}
