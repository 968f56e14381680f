import { badInput } from '../../common/app-error.ts';
import { checkFhirPathSyntax, referencedVariables } from './fhirpath-engine.ts';
import { nodeColumnNames } from './view-columns.ts';
import type {
  SelectNode,
  ViewColumn,
  ViewConstant,
  ViewDefinition,
  ViewIteration,
  ViewWhere,
} from './view-definition.ts';

/** Variables every expression may use without a `constant` entry. */
const BUILTIN_VARIABLES = new Set([
  'rowIndex',
  'resource',
  'rootResource',
  'context',
  'ucum',
  'sct',
  'loinc',
]);
const COLUMN_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const CONSTANT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;

/**
 * Validates a ViewDefinition (parsed JSON) and returns its typed form. Throws a `badInput` AppError
 * naming the JSON path of the first problem: missing `resource`, a malformed select, an expression that
 * does not parse, an undefined `%constant`, duplicate column names, unionAll branches whose columns
 * differ.
 *
 * @example
 * const view = parseViewDefinition(JSON.parse(await readFile('views/patient.json', 'utf8')));
 */
export function parseViewDefinition(json: unknown): ViewDefinition {
  const v = asObject(json, '$');
  const resource = v.resource;
  if (typeof resource !== 'string' || !/^[A-Z][A-Za-z]+$/.test(resource)) {
    throw badInput('must name a FHIR resource type', '$.resource');
  }
  if (v.name !== undefined && typeof v.name !== 'string') throw badInput('must be a string', '$.name');
  const constants = parseConstants(v.constant);
  const known = new Set([...BUILTIN_VARIABLES, ...Object.keys(constants)]);
  const check = (path: unknown, at: string): string => checkExpression(path, at, known);

  const where: ViewWhere[] = optionalArray(v.where, '$.where').map((w, i) => {
    const at = `$.where[${i}]`;
    return { path: check(asObject(w, at).path, `${at}.path`), at };
  });
  const selects = optionalArray(v.select, '$.select');
  if (selects.length === 0) throw badInput('a view needs at least one select', '$.select');
  const root: SelectNode = {
    column: [],
    select: selects.map((s, i) => parseSelect(s, `$.select[${i}]`, check)),
    unionAll: [],
    at: '$',
  };
  const seen = new Set<string>();
  for (const name of nodeColumnNames(root)) {
    if (seen.has(name)) throw badInput(`column name '${name}' is used more than once`, '$.select');
    seen.add(name);
  }
  return typeof v.name === 'string'
    ? { name: v.name, resource, constants, where, root }
    : { resource, constants, where, root };
}

function parseSelect(json: unknown, at: string, check: (p: unknown, at: string) => string): SelectNode {
  const s = asObject(json, at);
  const column: ViewColumn[] = optionalArray(s.column, `${at}.column`).map((c, i) =>
    parseColumn(c, `${at}.column[${i}]`, check),
  );
  const select = optionalArray(s.select, `${at}.select`).map((x, i) =>
    parseSelect(x, `${at}.select[${i}]`, check),
  );
  const unionAll = optionalArray(s.unionAll, `${at}.unionAll`).map((x, i) =>
    parseSelect(x, `${at}.unionAll[${i}]`, check),
  );
  const iterations: ViewIteration[] = [];
  if (s.forEach !== undefined)
    iterations.push({ kind: 'forEach', paths: [check(s.forEach, `${at}.forEach`)] });
  if (s.forEachOrNull !== undefined) {
    iterations.push({ kind: 'forEachOrNull', paths: [check(s.forEachOrNull, `${at}.forEachOrNull`)] });
  }
  if (s.repeat !== undefined) {
    const paths = optionalArray(s.repeat, `${at}.repeat`).map((p, i) => check(p, `${at}.repeat[${i}]`));
    if (paths.length === 0) throw badInput('repeat needs at least one expression', `${at}.repeat`);
    iterations.push({ kind: 'repeat', paths });
  }
  if (iterations.length > 1) throw badInput('use only one of forEach, forEachOrNull and repeat', at);
  if (column.length === 0 && select.length === 0 && unionAll.length === 0) {
    throw badInput('a select needs column, select or unionAll', at);
  }
  const first = unionAll[0];
  if (first) {
    const expected = nodeColumnNames(first).join(',');
    unionAll.forEach((branch, i) => {
      if (nodeColumnNames(branch).join(',') !== expected) {
        throw badInput(
          'every unionAll branch must have the same columns in the same order',
          `${at}.unionAll[${i}]`,
        );
      }
    });
  }
  const node = { column, select, unionAll, at };
  return iterations[0] ? { ...node, iterate: iterations[0] } : node;
}

function parseColumn(json: unknown, at: string, check: (p: unknown, at: string) => string): ViewColumn {
  const c = asObject(json, at);
  if (typeof c.name !== 'string' || !COLUMN_NAME.test(c.name)) {
    throw badInput('column name must start with a letter and hold only letters, digits and _', `${at}.name`);
  }
  const path = check(c.path, `${at}.path`);
  if (c.type !== undefined && typeof c.type !== 'string') throw badInput('must be a string', `${at}.type`);
  if (c.collection !== undefined && typeof c.collection !== 'boolean') {
    throw badInput('must be true or false', `${at}.collection`);
  }
  if (c.description !== undefined && typeof c.description !== 'string') {
    throw badInput('must be a string', `${at}.description`);
  }
  return {
    name: c.name,
    path,
    collection: c.collection === true,
    at,
    ...(typeof c.type === 'string' ? { type: c.type } : {}),
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
  };
}

function parseConstants(json: unknown): Record<string, ViewConstant> {
  const out: Record<string, ViewConstant> = {};
  optionalArray(json, '$.constant').forEach((c, i) => {
    const at = `$.constant[${i}]`;
    const o = asObject(c, at);
    if (typeof o.name !== 'string' || !CONSTANT_NAME.test(o.name)) {
      throw badInput('constant name must be an identifier', `${at}.name`);
    }
    if (Object.hasOwn(out, o.name) || BUILTIN_VARIABLES.has(o.name)) {
      throw badInput(`constant '${o.name}' is defined twice or shadows a built-in variable`, `${at}.name`);
    }
    const values = Object.keys(o).filter((k) => /^value[A-Z]/.test(k));
    if (values.length !== 1) throw badInput('a constant needs exactly one value[x]', at);
    const key = values[0] as string;
    const type = key.charAt(5).toLowerCase() + key.slice(6);
    out[o.name] = { name: o.name, type, value: o[key] };
  });
  return out;
}

function checkExpression(path: unknown, at: string, known: ReadonlySet<string>): string {
  if (typeof path !== 'string' || path.trim() === '')
    throw badInput('must be a FHIRPath expression (string)', at);
  checkFhirPathSyntax(path, at);
  for (const name of referencedVariables(path)) {
    if (!known.has(name) && !name.startsWith('vs-') && !name.startsWith('ext-')) {
      throw badInput(`%${name} is not a defined constant`, at);
    }
  }
  return path;
}

function asObject(json: unknown, at: string): Json {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw badInput('must be a JSON object', at);
  return json as Json;
}

function optionalArray(json: unknown, at: string): unknown[] {
  if (json === undefined) return [];
  if (!Array.isArray(json)) throw badInput('must be an array', at);
  return json;
}
