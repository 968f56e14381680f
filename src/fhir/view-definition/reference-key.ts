/**
 * The key a Reference points at, as `getReferenceKey([type])` returns it: the id part of a relative or
 * absolute literal reference (`Patient/123`, `https://x/fhir/Patient/123/_history/2`), or the uuid/oid of
 * a `urn:uuid:`/`urn:oid:` reference (bundles from Synthea and most exporters use these; their resources
 * carry the same value as `id`, which is what `getResourceKey()` returns). With a type, references of
 * another type give no key. Contained (`#x`) and logical (identifier-only) references give no key.
 */
export function referenceKey(ref: unknown, type?: string): string | undefined {
  if (ref === null || typeof ref !== 'object') return undefined;
  const r = ref as { reference?: unknown; type?: unknown };
  const value = r.reference;
  if (typeof value !== 'string' || value === '') return undefined;
  const urn = /^urn:(?:uuid|oid):(.+)$/.exec(value);
  if (urn) {
    if (type !== undefined && typeof r.type === 'string' && r.type !== type) return undefined;
    return urn[1];
  }
  const parts = value.split('/');
  const history = parts.lastIndexOf('_history');
  const end = history > 0 ? history : parts.length;
  if (end < 2) return undefined;
  const refType = parts[end - 2] as string;
  const id = parts[end - 1] as string;
  if (!/^[A-Z][A-Za-z]+$/.test(refType) || id === '') return undefined;
  if (type !== undefined && refType !== type) return undefined;
  return id;
}

/** The key of a resource, as `getResourceKey()` returns it: its (pseudonymised) `id`. */
export function resourceKey(resource: unknown): string | undefined {
  if (resource === null || typeof resource !== 'object') return undefined;
  const id = (resource as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
