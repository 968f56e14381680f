import { type ComplexDef, type FieldDef, r4Model } from './r4-model.ts';

/** Start of the issue for a resourceType that R4 does not define (count these as "unsupported"). */
export const UNKNOWN_RESOURCE_TYPE = 'resourceType: unknown FHIR R4 resource type';

/** True for the issue {@link validateResource} gives for a resourceType R4 does not define. */
export function isUnknownResourceTypeIssue(issue: string): boolean {
  return issue.startsWith(UNKNOWN_RESOURCE_TYPE);
}

/** True when `name` is a concrete FHIR R4 resource type (`Patient`, not `DomainResource`). */
export function isR4ResourceType(name: string): boolean {
  return r4Model().resources.has(name);
}

/** Issues and the `Reference.reference` strings of one resource, from one pass. */
export interface ResourceInspection {
  issues: string[];
  references: string[];
}

/**
 * Checks the structure of a FHIR R4 resource in JSON form against the official R4 definitions:
 * known resourceType, required elements, primitive formats (id, dates with partial precision and time
 * zones, boolean, integer, decimal, code, uri, base64Binary, ...), single value vs array, choice
 * elements (`value[x]`: one type at most), reference format, and no unknown elements.
 *
 * Returns issues as `"<path>: what is wrong"` (path like `Patient.name[0].given[1]`); empty = valid.
 * Issues never contain values from the resource. An unknown resourceType gives exactly one issue,
 * recognised by {@link isUnknownResourceTypeIssue}.
 *
 * @example
 * validateResource({ resourceType: 'Patient', birthDate: '1950-02-30' });
 * // ['Patient.birthDate: not a valid date (no such day)']
 */
export function validateResource(resource: Record<string, unknown>): string[] {
  return inspect(resource, undefined);
}

/** {@link validateResource} and {@link referencesOf} in one pass (what the ingest wants). */
export function inspectResource(resource: Record<string, unknown>): ResourceInspection {
  const references: string[] = [];
  return { issues: inspect(resource, references), references };
}

/**
 * Every `Reference.reference` string in the resource (contained and nested resources included), in
 * document order, for dangling-reference checks. Elements that are only called `reference` but are no
 * Reference (e.g. `Expression.reference`, a uri) are not included.
 */
export function referencesOf(resource: Record<string, unknown>): string[] {
  const out: string[] = [];
  const def = r4Model().resources.get(String(resource.resourceType));
  if (def) collectReferences(def, resource, out, 0);
  return out;
}

type Context = {
  issues: string[];
  path: (string | number)[];
  references: string[] | undefined;
  depth: number;
};

/**
 * Deeper than any real resource (Synthea stays under 10), shallow enough that a hostile file of
 * extensions nested a million deep gives an issue instead of a stack overflow.
 */
export const MAX_DEPTH = 64;

function inspect(resource: Record<string, unknown>, references: string[] | undefined): string[] {
  const type = resource.resourceType;
  if (type === undefined) return ['resourceType: missing'];
  if (typeof type !== 'string') return ['resourceType: must be a string'];
  const def = r4Model().resources.get(type);
  if (!def) {
    const name = /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(type) ? ` '${type}'` : '';
    return [`${UNKNOWN_RESOURCE_TYPE}${name}`];
  }
  const ctx: Context = { issues: [], path: [type], references, depth: 0 };
  checkObject(def, resource, ctx);
  return ctx.issues;
}

function issue(ctx: Context, message: string, key?: string): void {
  let path = '';
  for (const segment of ctx.path)
    path += typeof segment === 'number' ? `[${segment}]` : path ? `.${segment}` : segment;
  if (key !== undefined) path += `.${key}`;
  ctx.issues.push(`${path}: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(def: ComplexDef, obj: Record<string, unknown>, ctx: Context): void {
  if (ctx.depth >= MAX_DEPTH) {
    issue(ctx, `nested more than ${MAX_DEPTH} levels deep; not checked further`);
    return;
  }
  ctx.depth++;
  try {
    checkObjectFields(def, obj, ctx);
  } finally {
    ctx.depth--;
  }
}

function checkObjectFields(def: ComplexDef, obj: Record<string, unknown>, ctx: Context): void {
  let keys = 0;
  let choices: string[] | undefined;
  for (const key in obj) {
    // JSON never holds undefined, but resources built in code may; JSON.stringify would drop it
    const value = obj[key];
    if (value === undefined) continue;
    keys++;
    const field = def.fields[key];
    if (field === undefined) {
      if (key === 'resourceType' && def.isResource) continue;
      if (key.charCodeAt(0) === 95 /* _ */) {
        const twin = def.fields[key.slice(1)];
        if (twin?.primitive !== undefined) {
          checkPrimitiveElement(twin, key, value, obj[twin.jsonName], ctx);
          if (twin.choice !== undefined && obj[twin.jsonName] === undefined)
            choices = noteChoice(twin.choice, choices, ctx);
          continue;
        }
      }
      issue(ctx, 'unknown element', key);
      continue;
    }
    if (field.choice !== undefined) choices = noteChoice(field.choice, choices, ctx);
    ctx.path.push(key);
    checkField(field, value, obj, ctx);
    ctx.path.pop();
  }
  if (keys === 0) issue(ctx, 'empty object; FHIR JSON objects must have content');
  for (const rule of def.required) {
    let present = false;
    for (const name of rule.names) {
      if (obj[name] !== undefined || obj[`_${name}`] !== undefined) {
        present = true;
        break;
      }
    }
    if (!present) issue(ctx, 'missing required element', rule.label);
  }
  if (def.isReference && ctx.references !== undefined && typeof obj.reference === 'string')
    ctx.references.push(obj.reference);
}

function noteChoice(choice: string, seen: string[] | undefined, ctx: Context): string[] {
  if (seen === undefined) return [choice];
  if (seen.includes(choice)) issue(ctx, 'more than one type given for a choice element', `${choice}[x]`);
  else seen.push(choice);
  return seen;
}

function checkField(field: FieldDef, value: unknown, obj: Record<string, unknown>, ctx: Context): void {
  if (!field.array) {
    if (Array.isArray(value)) issue(ctx, 'must be a single value, not an array');
    else checkValue(field, value, ctx);
    return;
  }
  if (!Array.isArray(value)) {
    issue(ctx, 'must be an array');
    return;
  }
  if (value.length === 0) issue(ctx, 'empty array; leave the element out instead');
  if (value.length > field.maxItems) issue(ctx, `more than ${field.maxItems} items`);
  // A null in a primitive array is a placeholder for an item that only has an id or extensions
  const twin = field.primitive !== undefined ? obj[`_${field.jsonName}`] : undefined;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    ctx.path.push(i);
    if (item === null && Array.isArray(twin) && isObject(twin[i])) {
      // described by the twin
    } else checkValue(field, item, ctx);
    ctx.path.pop();
  }
}

function checkValue(field: FieldDef, value: unknown, ctx: Context): void {
  if (field.primitive !== undefined) {
    const problem = field.primitive(value);
    if (problem !== undefined) issue(ctx, problem);
    return;
  }
  if (!isObject(value)) {
    issue(
      ctx,
      `${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a JSON ${typeof value}`}, expected an object`,
    );
    return;
  }
  if (field.complex !== undefined) checkObject(field.complex, value, ctx);
  else checkNestedResource(value, ctx);
}

function checkNestedResource(value: Record<string, unknown>, ctx: Context): void {
  const type = value.resourceType;
  const def = typeof type === 'string' ? r4Model().resources.get(type) : undefined;
  if (def) checkObject(def, value, ctx);
  else if (type === undefined) issue(ctx, 'missing required element', 'resourceType');
  else issue(ctx, UNKNOWN_RESOURCE_TYPE.slice('resourceType: '.length), 'resourceType');
}

/** `_birthDate` (or `_given`, an array aligned with `given`): id and extensions of a primitive. */
function checkPrimitiveElement(
  field: FieldDef,
  key: string,
  value: unknown,
  primary: unknown,
  ctx: Context,
): void {
  const element = r4Model().extension;
  ctx.path.push(key);
  if (field.array) {
    if (!Array.isArray(value)) issue(ctx, 'must be an array');
    else {
      if (Array.isArray(primary) && primary.length !== value.length)
        issue(ctx, 'must have as many items as the element it describes');
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item === null) continue;
        ctx.path.push(i);
        checkElementOfPrimitive(item, element, ctx);
        ctx.path.pop();
      }
    }
  } else if (Array.isArray(value)) issue(ctx, 'must be a single value, not an array');
  else checkElementOfPrimitive(value, element, ctx);
  ctx.path.pop();
}

function checkElementOfPrimitive(value: unknown, extension: ComplexDef, ctx: Context): void {
  if (!isObject(value)) {
    issue(ctx, 'expected an object with id and/or extension');
    return;
  }
  let keys = 0;
  for (const key in value) {
    keys++;
    const item = value[key];
    if (key === 'id') {
      if (typeof item !== 'string' || item === '') issue(ctx, 'expected a non-empty string', key);
    } else if (key === 'extension') {
      ctx.path.push(key);
      checkField(extensionField(extension), item, value, ctx);
      ctx.path.pop();
    } else issue(ctx, 'unknown element', key);
  }
  if (keys === 0) issue(ctx, 'empty object; FHIR JSON objects must have content');
}

let extensionFieldCache: FieldDef | undefined;
function extensionField(extension: ComplexDef): FieldDef {
  extensionFieldCache ??= {
    jsonName: 'extension',
    array: true,
    maxItems: Number.POSITIVE_INFINITY,
    choice: undefined,
    primitive: undefined,
    complex: extension,
    resource: false,
  };
  return extensionFieldCache;
}

function collectReferences(
  def: ComplexDef,
  obj: Record<string, unknown>,
  out: string[],
  depth: number,
): void {
  if (depth >= MAX_DEPTH) return;
  if (def.isReference && typeof obj.reference === 'string') out.push(obj.reference);
  for (const key in obj) {
    const field = def.fields[key];
    if (field === undefined || field.primitive !== undefined) continue;
    const value = obj[key];
    if (Array.isArray(value)) {
      for (const item of value) collectIn(field, item, out, depth + 1);
    } else collectIn(field, value, out, depth + 1);
  }
}

function collectIn(field: FieldDef, value: unknown, out: string[], depth: number): void {
  if (!isObject(value)) return;
  const def = field.complex ?? r4Model().resources.get(String(value.resourceType));
  if (def) collectReferences(def, value, out, depth);
}
