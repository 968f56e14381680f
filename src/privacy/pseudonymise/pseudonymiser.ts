import { badInput } from '../../common/app-error.ts';
import { deidentifyDutchText } from '../deidentify/deidentify-dutch-text.ts';
import { createKeyedHasher } from './keyed-hasher.ts';
import { LruCache } from './lru-cache.ts';
import {
  BirthDatePolicies,
  type BirthDatePolicy,
  PostcodePolicies,
  type PostcodePolicy,
  reduceDate,
  reducePostcode,
} from './reduce-date.ts';

/** Extension on a note's attachment that carries the de-identified text (see views/README.md). */
export const DEIDENTIFIED_TEXT_URL = 'https://ai4health.nl/fhir/StructureDefinition/deidentified-text';

type Json = Record<string, unknown>;

export interface PseudonymiserOptions {
  /** The station secret (≥ 16 bytes). Different secrets give unlinkable pseudonyms. */
  secret: Uint8Array | string;
  /** How much of birthDate / deceasedDateTime is kept; default 'month' (`YYYY-MM`). */
  birthDatePolicy?: BirthDatePolicy;
  /** What is kept of a person's postal code; default 'pc4'. */
  postcodePolicy?: PostcodePolicy;
  /** How many recent HMAC inputs and rewritten references are cached; default 20,000 each. */
  cacheSize?: number;
}

/** Maps a Bundle's `urn:uuid:` fullUrls to the pseudonymised `Type/id` of the entry they name. */
export type UrnMap = ReadonlyMap<string, string>;

export interface Pseudonymiser {
  /**
   * A pseudonymised copy of one resource (the input is not mutated). `urnMap` resolves `urn:uuid:`
   * references of a Bundle (from {@link Pseudonymiser.bundleUrnMap}); a Bundle itself is handled whole.
   */
  pseudonymise(resource: Json, options?: { urnMap?: UrnMap }): Json;
  /** A pseudonymised copy of a Bundle whose `urn:uuid:` references point at the pseudonymised entries. */
  pseudonymiseBundle(bundle: Json): Json;
  /**
   * For an ingest that streams a Bundle's entries: build the map once, then call
   * {@link Pseudonymiser.pseudonymiseEntry} per entry.
   */
  bundleUrnMap(entries: Iterable<unknown>): Map<string, string>;
  /** The pseudonymised resource of one Bundle entry (an id is derived from a `urn:uuid:` fullUrl when missing). */
  pseudonymiseEntry(entry: unknown, urnMap: UrnMap): Json | undefined;
  /** The pseudonym of resource `type/id`, as it appears in `id` and in references. */
  resourceId(resourceType: string, id: string): string;
  /** The pseudonym of an identifier value, as it appears in `identifier[].value`. */
  identifierValue(system: string | undefined, value: string): string;
}

const PERSON_TYPES = new Set(['Patient', 'Practitioner', 'RelatedPerson', 'Person']);
const PERSON_DROPPED = new Set(['name', 'telecom', 'photo', 'contact']);
const ADDRESS_KEPT = new Set(['use', 'type', 'city', 'district', 'state', 'country', 'period']);
const IDENTIFIER_KEPT = new Set(['use', 'type', 'system', 'period']);
/** What {@link field} returns for a field that is left out of the copy. */
const DROPPED = Symbol('dropped');
const MAIDEN_NAME_URL = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';
// `Type/id`, optionally behind a server base and with a version suffix.
const LITERAL_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Creates the pseudonymiser a station applies to every resource before anything is stored.
 *
 * @example
 * const p = createPseudonymiser({ secret: stationSecret });
 * const safe = p.pseudonymise(patient); // ids, references and identifiers are HMAC pseudonyms
 */
export function createPseudonymiser(options: PseudonymiserOptions): Pseudonymiser {
  const birthDatePolicy = options.birthDatePolicy ?? 'month';
  const postcodePolicy = options.postcodePolicy ?? 'pc4';
  if (!BirthDatePolicies.includes(birthDatePolicy)) {
    throw badInput(
      `unknown birth-date policy, expected one of ${BirthDatePolicies.join(', ')}`,
      'birthDatePolicy',
    );
  }
  if (!PostcodePolicies.includes(postcodePolicy)) {
    throw badInput(
      `unknown postcode policy, expected one of ${PostcodePolicies.join(', ')}`,
      'postcodePolicy',
    );
  }
  const hash = createKeyedHasher(options.secret, options.cacheSize ?? 20_000);
  const NO_URNS: UrnMap = new Map();

  const resourceId = (type: string, id: string) => hash(`${type}/${id}`);
  const identifierValue = (system: string | undefined, value: string) => hash(`${system ?? ''}|${value}`);
  const uuidOf = (input: string) => {
    const h = hash(input);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  };

  // Rewritten references by their original text: the same patient, encounter and practitioner
  // references recur resource after resource, and this skips parsing them again.
  const rewritten = new LruCache<string>(options.cacheSize ?? 20_000);

  function reference(ref: string, urns: UrnMap): string {
    if (ref.startsWith('#')) return ref; // a contained resource: local, carries nothing
    if (ref.startsWith('urn:')) return urns.get(ref) ?? `urn:uuid:${uuidOf(ref)}`;
    const hit = rewritten.get(ref);
    if (hit !== undefined) return hit;
    const out = parseReference(ref);
    rewritten.set(ref, out);
    return out;
  }

  function parseReference(ref: string): string {
    const q = ref.indexOf('?');
    if (q >= 0) return conditionalReference(ref, q);
    const m = LITERAL_REFERENCE.exec(ref);
    if (m) return `${m[1]}/${hash(`${m[1]}/${m[2]}`, false)}${m[3] ?? ''}`;
    return `urn:uuid:${uuidOf(ref)}`; // unparseable: keep it joinable, not readable
  }

  // `Practitioner?identifier=system|value` resolves to the resource whose identifier we pseudonymise the
  // same way, so the conditional reference keeps working after pseudonymisation.
  function conditionalReference(ref: string, q: number): string {
    const type = ref.slice(0, q);
    const query = ref.slice(q + 1);
    const m = /^identifier=([^&|]*)\|([^&]+)$/.exec(query);
    if (m && /^[A-Z][A-Za-z]+$/.test(type)) {
      return `${type}?identifier=${m[1]}|${hash(`${m[1]}|${m[2]}`, false)}`;
    }
    return `urn:uuid:${uuidOf(ref)}`;
  }

  function identifier(value: unknown, urns: UrnMap): unknown {
    if (Array.isArray(value)) return value.map((v) => identifier(v, urns));
    if (!isObject(value)) return undefined;
    const out: Json = {};
    for (const key in value) {
      const v = value[key];
      if (IDENTIFIER_KEPT.has(key)) out[key] = v;
      else if (key === 'assigner' && isObject(v) && typeof v.reference === 'string') {
        out.assigner = { reference: reference(v.reference, urns) };
      }
    }
    if (typeof value.value === 'string') {
      // Identifier values are mostly unique to their resource: not cached (conditional references are).
      out.value = hash(`${typeof value.system === 'string' ? value.system : ''}|${value.value}`, false);
    }
    return out;
  }

  function address(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(address);
    if (!isObject(value)) return undefined;
    const out: Json = {};
    for (const key in value) {
      if (ADDRESS_KEPT.has(key)) out[key] = value[key];
    }
    if (typeof value.postalCode === 'string') {
      const pc = reducePostcode(value.postalCode, postcodePolicy);
      if (pc !== undefined) out.postalCode = pc;
    }
    return out;
  }

  function annotation(value: unknown, urns: UrnMap): unknown {
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const key in value) {
      const v = value[key];
      if (key === 'authorString') continue; // a person's name
      if (key === 'text' && typeof v === 'string') out.text = deidentifyDutchText(v).text;
      else out[key] = copy(v, urns);
    }
    return out;
  }

  function attachment(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(attachment);
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const key in value) {
      const v = value[key];
      if (key === 'data' || key === 'url' || key === 'hash' || key === 'size') continue;
      if (key === 'title' && typeof v === 'string') out.title = deidentifyDutchText(v).text;
      else out[key] = v;
    }
    const contentType = typeof value.contentType === 'string' ? value.contentType : 'text/plain';
    // Only text can be de-identified; binary content (PDF, images) is dropped, never stored raw.
    if (typeof value.data === 'string' && /^text\/|json|xml/.test(contentType)) {
      const text = Buffer.from(value.data, 'base64').toString('utf8');
      const extension = Array.isArray(out.extension) ? [...out.extension] : [];
      extension.push({ url: DEIDENTIFIED_TEXT_URL, valueString: deidentifyDutchText(text).text });
      out.extension = extension;
    }
    return out;
  }

  function extensions(value: unknown, urns: UrnMap): unknown {
    if (!Array.isArray(value)) return copy(value, urns);
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const ext: unknown = value[i];
      const dropped = isObject(ext) && ext.url === MAIDEN_NAME_URL;
      const next = dropped ? undefined : copy(ext, urns);
      if (out === undefined) {
        if (!dropped && next === ext) continue;
        out = value.slice(0, i);
      }
      if (!dropped) out.push(next);
    }
    return out ?? value;
  }

  /**
   * Any element with what identifies rewritten wherever it occurs. What holds nothing to rewrite (most
   * codings, periods, quantities) is returned as it is instead of copied: the input is never mutated, and
   * a copy per object was most of the pseudonymiser's cost.
   */
  function copy(value: unknown, urns: UrnMap): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const next = copy(v, urns);
        if (out === undefined) {
          if (next === v) continue;
          out = value.slice(0, i);
        }
        out.push(next);
      }
      return out ?? value;
    }
    const obj = value as Json;
    if (typeof obj.resourceType === 'string') return resource(obj, urns, false);
    const isReference = typeof obj.reference === 'string' || 'identifier' in obj;
    let out: Json | undefined;
    for (const key in obj) {
      const v = obj[key];
      const next = field(key, v, urns, isReference);
      if (out === undefined) {
        if (next === v) continue;
        // The first change: copy the keys before it, then go on building the copy.
        out = {};
        for (const earlier in obj) {
          if (earlier === key) break;
          out[earlier] = obj[earlier];
        }
      }
      if (next !== DROPPED) out[key] = next;
    }
    return out ?? obj;
  }

  /** The rewritten value of one field of an element, or {@link DROPPED}. */
  function field(key: string, v: unknown, urns: UrnMap, isReference: boolean): unknown {
    switch (key) {
      case 'reference':
        return typeof v === 'string' ? reference(v, urns) : v;
      case 'display':
        // The display of a reference is a person's or organisation's name; codings keep theirs.
        return isReference ? DROPPED : v;
      case 'identifier':
        return identifier(v, urns);
      case 'note':
        return Array.isArray(v) ? v.map((a) => annotation(a, urns)) : annotation(v, urns);
      case 'valueAddress':
        return address(v);
      case 'extension':
        return extensions(v, urns);
      case 'attachment':
      case 'presentedForm':
      case 'contentAttachment':
      case 'valueAttachment':
        return attachment(v);
      default:
        return copy(v, urns);
    }
  }

  function copyField(key: string, v: unknown, out: Json, urns: UrnMap, isReference: boolean): void {
    const next = field(key, v, urns, isReference);
    if (next !== DROPPED) out[key] = next;
  }

  function resource(res: Json, urns: UrnMap, contained: boolean): Json {
    const type = res.resourceType as string;
    if (type === 'Bundle' && !contained) return bundle(res);
    const person = PERSON_TYPES.has(type);
    const out: Json = {};
    for (const key in res) {
      const v = res[key];
      if (key === 'id') {
        // Contained ids are local anchors (`#x`), not identities. Own ids are rarely seen twice: not
        // cached (references to them are, in `rewritten`).
        out.id = contained || typeof v !== 'string' ? v : hash(`${type}/${v}`, false);
      } else if (key === 'text' && isObject(v)) {
        // Narrative repeats names and identifiers in XHTML: dropped.
      } else if (key === 'contained' && Array.isArray(v)) {
        out.contained = v.map((c) => (isObject(c) ? resource(c, urns, true) : c));
      } else if (key === 'description' && type === 'DocumentReference' && typeof v === 'string') {
        out.description = deidentifyDutchText(v).text;
      } else if (person && PERSON_DROPPED.has(key)) {
        // names, telecom, photos and contacts identify directly
      } else if (key === 'telecom' && type === 'PractitionerRole') {
        // a role's e-mail is usually the practitioner's personal address
      } else if (person && key === 'address') {
        out.address = address(v);
      } else if (person && (key === 'birthDate' || key === 'deceasedDateTime')) {
        const reduced = typeof v === 'string' ? reduceDate(v, birthDatePolicy) : undefined;
        if (reduced !== undefined) out[key] = reduced;
      } else {
        copyField(key, v, out, urns, false);
      }
    }
    return out;
  }

  function bundleUrnMap(entries: Iterable<unknown>): Map<string, string> {
    const map = new Map<string, string>();
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.fullUrl !== 'string' || !entry.fullUrl.startsWith('urn:'))
        continue;
      const res = entry.resource;
      if (!isObject(res) || typeof res.resourceType !== 'string') continue;
      const id = typeof res.id === 'string' ? res.id : urnTail(entry.fullUrl);
      map.set(entry.fullUrl, `${res.resourceType}/${resourceId(res.resourceType, id)}`);
    }
    return map;
  }

  function pseudonymiseEntry(entry: unknown, urns: UrnMap): Json | undefined {
    if (!isObject(entry) || !isObject(entry.resource)) return undefined;
    const res = entry.resource;
    const out = resource(res, urns, false);
    if (out.id === undefined && typeof entry.fullUrl === 'string' && typeof res.resourceType === 'string') {
      const mapped = urns.get(entry.fullUrl);
      if (mapped) out.id = mapped.slice(mapped.indexOf('/') + 1);
    }
    return out;
  }

  function bundle(b: Json): Json {
    const entries = Array.isArray(b.entry) ? b.entry : [];
    const urns = bundleUrnMap(entries);
    const out: Json = { resourceType: 'Bundle' };
    if (typeof b.id === 'string') out.id = resourceId('Bundle', b.id);
    if (b.type !== undefined) out.type = b.type;
    if (b.timestamp !== undefined) out.timestamp = b.timestamp;
    if (b.identifier !== undefined) out.identifier = identifier(b.identifier, urns);
    if (b.meta !== undefined) out.meta = copy(b.meta, urns);
    out.entry = entries.map((entry) => {
      const e: Json = {};
      const res = pseudonymiseEntry(entry, urns);
      if (res) {
        // The pseudonymised fullUrl is what the entry's references now say, so the Bundle still resolves.
        if (isObject(entry) && typeof entry.fullUrl === 'string') {
          const mapped = urns.get(entry.fullUrl);
          if (mapped) e.fullUrl = mapped;
        }
        e.resource = res;
      }
      if (isObject(entry) && isObject(entry.request)) e.request = request(entry.request);
      if (isObject(entry) && isObject(entry.search)) e.search = entry.search;
      return e;
    });
    return out;
  }

  // Conditional headers (ifNoneExist, ifMatch) may quote identifiers: only method and url are kept.
  function request(req: Json): Json {
    const out: Json = {};
    if (req.method !== undefined) out.method = req.method;
    if (typeof req.url === 'string')
      out.url = /^[A-Z][A-Za-z]+$/.test(req.url) ? req.url : reference(req.url, NO_URNS);
    return out;
  }

  return {
    pseudonymise: (res, opts) => {
      if (!isObject(res) || typeof res.resourceType !== 'string') {
        throw badInput('not a FHIR resource: resourceType is missing', 'resourceType');
      }
      return resource(res, opts?.urnMap ?? NO_URNS, false);
    },
    pseudonymiseBundle: (b) => bundle(b),
    bundleUrnMap,
    pseudonymiseEntry,
    resourceId,
    identifierValue,
  };
}

function urnTail(urn: string): string {
  return urn.slice(urn.lastIndexOf(':') + 1);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
