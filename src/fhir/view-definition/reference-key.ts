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
  if (value.startsWith('urn:')) {
    const urn = /^urn:(?:uuid|oid):(.+)$/.exec(value);
    if (!urn) return undefined;
    if (type !== undefined && typeof r.type === 'string' && r.type !== type) return undefined;
    return urn[1];
  }
  // Type/id, possibly absolute and possibly versioned (.../Type/id/_history/n). Hot at ingest: no split.
  let end = value.length;
  const history = value.lastIndexOf('/_history/');
  if (history >= 0) end = history;
  const slash = value.lastIndexOf('/', end - 1);
  if (slash <= 0 || slash === end - 1) return undefined;
  const before = value.lastIndexOf('/', slash - 1);
  const refType = value.slice(before + 1, slash);
  if (type !== undefined) {
    if (refType !== type) return undefined;
  } else if (!/^[A-Z][A-Za-z]+$/.test(refType)) {
    return undefined;
  }
  return value.slice(slash + 1, end);
}

/** The key of a resource, as `getResourceKey()` returns it: its (pseudonymised) `id`. */
export function resourceKey(resource: unknown): string | undefined {
  if (resource === null || typeof resource !== 'object') return undefined;
  const id = (resource as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
