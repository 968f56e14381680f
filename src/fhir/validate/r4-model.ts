import { type PrimitiveCheck, primitiveCheck } from './primitive-checks.ts';
import { type R4ElementTable, r4ElementTable } from './r4-element-table.ts';
import { referenceFormatIssue } from './reference-format.ts';

/** A complex type, resource or backbone element, compiled for validation: JSON name → field. */
export interface ComplexDef {
  name: string;
  fields: Record<string, FieldDef>;
  required: RequiredRule[];
  isResource: boolean;
  isReference: boolean;
}

/** One JSON property of a complex type. A choice element (`value[x]`) becomes one field per type. */
export interface FieldDef {
  jsonName: string;
  array: boolean;
  maxItems: number;
  /** Base name of a choice element (`value`), so two of its types in one object can be refused. */
  choice: string | undefined;
  primitive: PrimitiveCheck | undefined;
  complex: ComplexDef | undefined;
  /** Type `Resource` (contained, Bundle.entry.resource): validated by its own resourceType. */
  resource: boolean;
}

/** A required element: present when any of its JSON names (or their `_name` twins) is present. */
export interface RequiredRule {
  label: string;
  names: string[];
}

/** The compiled R4 model: a checker per type, built once from the element table. */
export interface R4Model {
  resources: Map<string, ComplexDef>;
  /** The Extension type, for the `_name` twins of primitive elements. */
  extension: ComplexDef;
}

let cached: R4Model | undefined;

/** The compiled R4 model (derives the element table on first use, about a second). */
export function r4Model(): R4Model {
  cached ??= compileModel(r4ElementTable());
  return cached;
}

/** Compiles the element table into per-type field tables. Exported for tests. */
export function compileModel(table: R4ElementTable): R4Model {
  const primitives = new Map<string, PrimitiveCheck>();
  for (const [name, p] of Object.entries(table.primitives))
    primitives.set(name, primitiveCheck(name, p.regex));
  const stringCheck = primitives.get('string');
  if (!stringCheck) throw new Error('R4 definitions without the string type');
  const referenceCheck: PrimitiveCheck = (v) =>
    stringCheck(v) ?? referenceFormatIssue(v as string, isResourceType);

  const resourceTypes = new Set(table.resourceTypes);
  const isResourceType = (name: string) => resourceTypes.has(name);
  const defs = new Map<string, ComplexDef>();
  const blank = (name: string, isResource: boolean): ComplexDef => {
    const def: ComplexDef = {
      name,
      fields: Object.create(null) as Record<string, FieldDef>,
      required: [],
      isResource,
      isReference: name === 'Reference',
    };
    defs.set(name, def);
    return def;
  };

  // Placeholders first, so types may refer to each other (and backbones to themselves) in any order.
  const children = new Map<string, { path: string; row: R4ElementTable['types'][string][number] }[]>();
  for (const [type, rows] of Object.entries(table.types)) {
    blank(type, resourceTypes.has(type));
    for (const row of rows) {
      const parent = row.path.slice(0, row.path.lastIndexOf('.'));
      let list = children.get(parent);
      if (!list) {
        list = [];
        children.set(parent, list);
      }
      list.push({ path: row.path, row });
      if (parent !== type && !defs.has(parent)) blank(parent, false);
    }
  }

  for (const [parent, list] of children) {
    const def = defs.get(parent);
    if (!def) continue;
    for (const { path, row } of list) {
      const name = path.slice(path.lastIndexOf('.') + 1);
      const isChoice = name.endsWith('[x]');
      const base = isChoice ? name.slice(0, -3) : name;
      const names: string[] = [];
      const types = isChoice ? row.types : [row.types[0] ?? 'Element'];
      for (const type of types) {
        const jsonName = isChoice ? base + type.charAt(0).toUpperCase() + type.slice(1) : base;
        let complex: ComplexDef | undefined;
        let primitive: PrimitiveCheck | undefined;
        if (row.contentReference !== undefined) complex = defs.get(row.contentReference);
        else if (children.has(path)) complex = defs.get(path);
        else if (def.isReference && name === 'reference') primitive = referenceCheck;
        else primitive = primitives.get(type);
        if (!primitive && !complex && type !== 'Resource') complex = defs.get(type);
        if (!primitive && !complex && type !== 'Resource')
          throw new Error(`R4 type ${type} of ${path} is not defined`);
        def.fields[jsonName] = {
          jsonName,
          array: row.max > 1,
          maxItems: row.max,
          choice: isChoice ? base : undefined,
          primitive,
          complex,
          resource: type === 'Resource' && !complex,
        };
        names.push(jsonName);
      }
      if (row.min > 0) def.required.push({ label: name, names });
    }
  }

  const resources = new Map<string, ComplexDef>();
  for (const type of table.resourceTypes) {
    const def = defs.get(type);
    if (def) resources.set(type, def);
  }
  const extension = defs.get('Extension');
  if (!extension) throw new Error('R4 definitions without the Extension type');
  return { resources, extension };
}
