const ID = '[A-Za-z0-9\\-.]{1,64}';
const RELATIVE = new RegExp(`^([A-Z][A-Za-z]+)/${ID}(/_history/${ID})?$`);
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?\S+$/;
const UUID = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const ABSOLUTE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s/]+\/\S*$/;
const CONTAINED = /^#([A-Za-z0-9\-.]{1,64})?$/;

/**
 * What is wrong with the format of a `Reference.reference`, or undefined when it is one of: a relative
 * `Type/id` (optionally `/_history/vid`), an absolute URL, `urn:uuid:`, `urn:oid:`, `#id` of a contained
 * resource, or a conditional `Type?search` (allowed in transaction Bundles, which Synthea writes).
 * The message never repeats the reference.
 */
export function referenceFormatIssue(
  reference: string,
  isResourceType: (name: string) => boolean,
): string | undefined {
  const relative = RELATIVE.exec(reference) ?? CONDITIONAL.exec(reference);
  if (relative)
    return isResourceType(relative[1] ?? '') ? undefined : 'reference names an unknown resource type';
  if (reference.startsWith('urn:uuid:'))
    return UUID.test(reference) ? undefined : 'urn:uuid: reference is not a UUID';
  if (reference.startsWith('urn:oid:'))
    return OID.test(reference) ? undefined : 'urn:oid: reference is not an OID';
  if (reference.startsWith('#'))
    return CONTAINED.test(reference) ? undefined : 'contained reference is not #id';
  if (ABSOLUTE.test(reference)) return undefined;
  return 'reference is not Type/id, an absolute URL, urn:uuid:, urn:oid: or #id';
}
