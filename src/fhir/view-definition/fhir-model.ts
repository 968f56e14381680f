import { R4_MODEL } from './fhirpath-engine.ts';

/**
 * Static FHIR R4 type information for the compiled fast path, from the model fhirpath.js ships. A type
 * is named by the model path that defines its elements: a data type (`HumanName`), a resource
 * (`Patient`) or a backbone element path (`Observation.component`).
 */
export type ElementInfo =
  | { readonly kind: 'element'; readonly type: string }
  | { readonly kind: 'choice'; readonly types: readonly string[] };

const model = R4_MODEL as unknown as {
  path2Type: Record<string, string | { code: string }>;
  choiceTypePaths: Record<string, string[]>;
  pathsDefinedElsewhere: Record<string, string>;
  type2Parent: Record<string, string>;
};

const PRIMITIVES = new Set([
  'boolean',
  'integer',
  'string',
  'decimal',
  'uri',
  'url',
  'canonical',
  'base64Binary',
  'instant',
  'date',
  'dateTime',
  'time',
  'code',
  'oid',
  'id',
  'markdown',
  'unsignedInt',
  'positiveInt',
  'uuid',
  'xhtml',
  'System.String',
  'System.Boolean',
  'System.Integer',
  'System.Decimal',
  'System.Date',
  'System.DateTime',
  'System.Time',
]);

/** True for primitive types, whose values are plain JSON strings, numbers or booleans. */
export function isPrimitive(type: string): boolean {
  return PRIMITIVES.has(type);
}

/** The element `name` of `type`, or undefined when the model does not know it. */
export function elementOf(type: string, name: string): ElementInfo | undefined {
  let t: string | undefined = model.pathsDefinedElsewhere[type] ?? type;
  while (t) {
    const key = `${t}.${name}`;
    const choice = model.choiceTypePaths[key];
    if (choice) return { kind: 'choice', types: choice };
    const defined = model.pathsDefinedElsewhere[key];
    if (defined) return { kind: 'element', type: defined };
    const v = model.path2Type[key];
    if (v !== undefined) {
      const code = typeof v === 'string' ? v : v.code;
      return { kind: 'element', type: code === 'BackboneElement' || code === 'Element' ? key : code };
    }
    t = t.includes('.') ? undefined : model.type2Parent[t];
  }
  return undefined;
}

/** The JSON property of a choice element for one type: `value` + `Quantity` gives `valueQuantity`. */
export function choiceProperty(name: string, types: readonly string[], type: string): string | undefined {
  return choiceProperties(name, types, type)?.property;
}

/**
 * The property of a choice for one type and the properties of the types listed before it. fhirpath.js
 * reads the first type present, so a (malformed) resource with two `value[x]` hides the later one.
 */
export function choiceProperties(
  name: string,
  types: readonly string[],
  type: string,
): { property: string; earlier: string[] } | undefined {
  const wanted = type.toLowerCase();
  const index = types.findIndex((t) => t.toLowerCase() === wanted);
  if (index < 0) return undefined;
  const prop = (t: string) => name + t.charAt(0).toUpperCase() + t.slice(1);
  return { property: prop(types[index] as string), earlier: types.slice(0, index).map(prop) };
}
