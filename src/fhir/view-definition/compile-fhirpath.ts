import { choiceProperties, elementOf, isPrimitive } from './fhir-model.ts';
import type { Vars } from './fhirpath-engine.ts';
import { type BinaryOp, type PathNode, parseSubset, Unsupported } from './fhirpath-subset.ts';
import { referenceKey, resourceKey } from './reference-key.ts';

/** A compiled expression over a collection (FHIRPath evaluates everything on collections). */
export type CollectionFn = (input: readonly unknown[], vars: Vars) => unknown[];

/** Result of compiling one expression: the closure and the static type of what it returns. */
export interface Compiled {
  readonly fn: CollectionFn;
  readonly type: string;
}

/**
 * Thrown while evaluating a compiled expression when the data does not fit the compiled assumptions
 * (several items where one was expected, a non-boolean condition, ...). The caller re-evaluates the
 * whole expression with the engine, so results stay identical to it, errors included.
 */
export const ESCAPE: unique symbol = Symbol('escape to the FHIRPath engine');

const STRINGS = new Set([
  'string',
  'code',
  'id',
  'uri',
  'url',
  'canonical',
  'oid',
  'uuid',
  'markdown',
  'System.String',
]);
const INTEGERS = new Set(['integer', 'positiveInt', 'unsignedInt', 'System.Integer']);
const NUMBERS = new Set([...INTEGERS, 'decimal', 'System.Decimal']);
const BOOLEANS = new Set(['boolean', 'System.Boolean']);

type Compiler = (node: PathNode, type: string) => Compiled;
type Constants = Readonly<Record<string, { type: string; value: unknown }>>;

/**
 * Compiles an expression of the subset into a closure over plain JSON, starting from a focus of static
 * type `type` (a resource name, a data type, or a backbone path like `Observation.component`).
 * `constants` are the view's constants (known when the view is compiled). Throws {@link Unsupported}
 * when the expression or a type in it is outside what this compiler handles.
 */
export function compileFhirPath(
  expression: string,
  type: string,
  constants: Readonly<Record<string, { type: string; value: unknown }>>,
): Compiled {
  const compile: Compiler = (node, t) => {
    switch (node.kind) {
      case 'this':
        return { fn: (input) => input as unknown[], type: t };
      case 'literal':
        return literal(node.value);
      case 'variable':
        return variable(node.name, constants);
      case 'member':
        return member(node.target ? compile(node.target, t) : identity(t), node.name);
      case 'index':
        return indexer(compile(node.target, t), compile(node.index, t));
      case 'call':
        if (node.name === 'ofType' && node.target?.kind === 'member' && node.args.length === 1) {
          const m = node.target;
          return choice(m.target ? compile(m.target, t) : identity(t), m.name, typeName(node.args[0]));
        }
        return call(node, node.target ? compile(node.target, t) : identity(t), compile, constants);
      case 'binary':
        return binary(node.op, compile(node.left, t), compile(node.right, t));
    }
  };
  return compile(parseSubset(expression), type);
}

const identity = (type: string): Compiled => ({ fn: (input) => input as unknown[], type });

function literal(value: string | number | boolean): Compiled {
  const type =
    typeof value === 'string'
      ? 'System.String'
      : typeof value === 'number'
        ? 'System.Integer'
        : 'System.Boolean';
  return { fn: () => [value], type };
}

function variable(
  name: string,
  constants: Readonly<Record<string, { type: string; value: unknown }>>,
): Compiled {
  if (name === 'rowIndex') return { fn: (_input, vars) => [vars.rowIndex], type: 'System.Integer' };
  const c = constants[name];
  if (!c) throw new Unsupported(`%${name}`);
  const v = c.value;
  if (STRINGS.has(c.type) && typeof v === 'string') return { fn: () => [v], type: 'System.String' };
  if (INTEGERS.has(c.type) && typeof v === 'number') return { fn: () => [v], type: 'System.Integer' };
  if (c.type === 'boolean' && typeof v === 'boolean') return { fn: () => [v], type: 'System.Boolean' };
  throw new Unsupported(`constant of type ${c.type}`);
}

/** Property access; arrays flatten, absent and null values vanish, as in FHIRPath. */
function member(target: Compiled, name: string): Compiled {
  if (isPrimitive(target.type)) throw new Unsupported(`${name} of a primitive`);
  const info = elementOf(target.type, name);
  if (!info || info.kind === 'choice') throw new Unsupported(`${target.type}.${name}`);
  return { fn: propertyFn(target.fn, name), type: info.type };
}

function propertyFn(target: CollectionFn, name: string): CollectionFn {
  const shadow = `_${name}`;
  return (input, vars) => {
    const out: unknown[] = [];
    for (const item of target(input, vars)) {
      if (item === null || typeof item !== 'object') continue;
      const v = (item as Record<string, unknown>)[name];
      if (v === undefined || v === null) {
        // A primitive with only an extension (`_birthDate`) is a node without value for the engine.
        if ((item as Record<string, unknown>)[shadow] !== undefined) throw ESCAPE;
        continue;
      }
      if (Array.isArray(v)) {
        for (const x of v) {
          if (x === null || x === undefined) throw ESCAPE;
          out.push(x);
        }
      } else {
        out.push(v);
      }
    }
    return out;
  };
}

function indexer(target: Compiled, index: Compiled): Compiled {
  if (!INTEGERS.has(index.type)) throw new Unsupported('non-integer index');
  return {
    fn: (input, vars) => {
      const items = target.fn(input, vars);
      const i = index.fn(input, vars)[0] as number;
      return i < items.length ? [items[i]] : [];
    },
    type: target.type,
  };
}

function call(
  node: Extract<PathNode, { kind: 'call' }>,
  target: Compiled,
  compile: Compiler,
  constants: Constants,
): Compiled {
  const { name, args } = node;
  const t = target.fn;
  const arity = (n: number) => {
    if (args.length !== n) throw new Unsupported(`${name} with ${args.length} arguments`);
  };
  switch (name) {
    case 'first':
      arity(0);
      return { fn: (i, v) => t(i, v).slice(0, 1), type: target.type };
    case 'last':
      arity(0);
      return { fn: (i, v) => t(i, v).slice(-1), type: target.type };
    case 'exists':
      if (args.length === 1) {
        const filtered = where(target, compile(args[0] as PathNode, target.type));
        return { fn: (i, v) => [filtered.fn(i, v).length > 0], type: 'System.Boolean' };
      }
      arity(0);
      return { fn: (i, v) => [t(i, v).length > 0], type: 'System.Boolean' };
    case 'empty':
      arity(0);
      return { fn: (i, v) => [t(i, v).length === 0], type: 'System.Boolean' };
    case 'count':
      arity(0);
      return { fn: (i, v) => [t(i, v).length], type: 'System.Integer' };
    case 'not':
      arity(0);
      return {
        fn: (i, v) => {
          const b = singletonBoolean(t(i, v));
          return b === undefined ? [] : [!b];
        },
        type: 'System.Boolean',
      };
    case 'where':
      arity(1);
      return where(target, compile(args[0] as PathNode, target.type));
    case 'extension': {
      arity(1);
      const url = args[0] as PathNode;
      const wanted =
        url.kind === 'literal' ? url.value : url.kind === 'variable' ? constants[url.name]?.value : undefined;
      if (typeof wanted !== 'string')
        throw new Unsupported('extension(url) without a literal or constant url');
      const ext = member(target, 'extension');
      return {
        fn: (i, v) => ext.fn(i, v).filter((e) => (e as { url?: unknown }).url === wanted),
        type: 'Extension',
      };
    }
    case 'getResourceKey':
      arity(0);
      return { fn: (i, v) => keys(t(i, v), resourceKey), type: 'System.String' };
    case 'getReferenceKey': {
      if (args.length > 1) throw new Unsupported('getReferenceKey arguments');
      const type = args.length === 1 ? typeName(args[0]) : undefined;
      return { fn: (i, v) => keys(t(i, v), (r) => referenceKey(r, type)), type: 'System.String' };
    }
    case 'substring': {
      if (args.length < 1 || args.length > 2) throw new Unsupported('substring arguments');
      const [start, length] = args.map((a) =>
        a.kind === 'literal' && typeof a.value === 'number' ? a.value : NaN,
      );
      if (Number.isNaN(start) || Number.isNaN(length ?? 0)) throw new Unsupported('substring(non-literal)');
      if (!STRINGS.has(target.type)) throw new Unsupported(`substring on ${target.type}`);
      const from = start as number;
      return {
        fn: (i, v) => {
          const items = t(i, v);
          if (items.length === 0) return [];
          const s = items[0];
          if (items.length > 1 || typeof s !== 'string') throw ESCAPE;
          if (from >= s.length) return [];
          return [length === undefined ? s.slice(from) : s.slice(from, from + length)];
        },
        type: target.type,
      };
    }
    case 'join': {
      if (args.length > 1) throw new Unsupported('join arguments');
      const sep = args[0];
      if (sep && (sep.kind !== 'literal' || typeof sep.value !== 'string'))
        throw new Unsupported('join separator');
      const separator = sep ? (sep.value as string) : '';
      return {
        fn: (i, v) => {
          const items = t(i, v);
          for (const x of items) if (typeof x !== 'string') throw ESCAPE;
          return [items.join(separator)];
        },
        type: 'System.String',
      };
    }
    default:
      throw new Unsupported(`${name}()`);
  }
}

function typeName(arg: PathNode | undefined): string {
  if (arg?.kind !== 'member' || arg.target) throw new Unsupported('type specifier');
  return arg.name;
}

function keys(items: unknown[], key: (x: unknown) => string | undefined): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    const k = key(x);
    if (k !== undefined) out.push(k);
  }
  return out;
}

function where(target: Compiled, condition: Compiled): Compiled {
  const t = target.fn;
  const c = condition.fn;
  return {
    fn: (input, vars) => {
      const out: unknown[] = [];
      for (const item of t(input, vars)) {
        const r = c([item], vars);
        if (r.length === 0 || r[0] === false) continue;
        if (r.length === 1 && r[0] === true) out.push(item);
        else throw ESCAPE;
      }
      return out;
    },
    type: target.type,
  };
}

/** `x.ofType(T)` on a choice element `x` reads the JSON property `xT`; other uses go to the engine. */
function choice(owner: Compiled, name: string, type: string): Compiled {
  if (isPrimitive(owner.type)) throw new Unsupported(`${name} of a primitive`);
  const info = elementOf(owner.type, name);
  if (info?.kind === 'element' && info.type === type) return { fn: propertyFn(owner.fn, name), type };
  if (info?.kind !== 'choice') throw new Unsupported(`ofType on ${owner.type}.${name}`);
  const found = choiceProperties(name, info.types, type);
  if (!found) throw new Unsupported(`${type} is not a type of ${owner.type}.${name}`);
  const { property, earlier } = found;
  const read = propertyFn(owner.fn, property);
  const lower = type.charAt(0).toLowerCase() + type.slice(1);
  return {
    fn: (input, vars) => {
      const out = read(input, vars);
      if (out.length > 0 && earlier.length > 0) {
        for (const item of owner.fn(input, vars)) {
          for (const p of earlier) if ((item as Record<string, unknown>)[p] !== undefined) throw ESCAPE;
        }
      }
      return out;
    },
    type: isPrimitive(lower) ? lower : type.charAt(0).toUpperCase() + type.slice(1),
  };
}

/**
 * `a | b`: items of a, then those of b, without duplicates. Only primitives and objects of the same
 * JSON shape are compared here; the engine's deep equality agrees for the JSON values FHIR holds.
 */
function union(left: Compiled, right: Compiled): Compiled {
  const l = left.fn;
  const r = right.fn;
  const type = left.type === right.type ? left.type : 'System.Any';
  return {
    fn: (i, v) => {
      const out: unknown[] = [];
      const seen = new Set<unknown>();
      for (const x of [...l(i, v), ...r(i, v)]) {
        const key = x !== null && typeof x === 'object' ? JSON.stringify(x) : x;
        if (typeof x === 'number') throw ESCAPE;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(x);
      }
      return out;
    },
    type,
  };
}

function singletonBoolean(items: unknown[]): boolean | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1 && typeof items[0] === 'boolean') return items[0];
  throw ESCAPE;
}

function binary(op: BinaryOp, left: Compiled, right: Compiled): Compiled {
  const l = left.fn;
  const r = right.fn;
  switch (op) {
    case '|':
      return union(left, right);
    case 'and':
    case 'or': {
      const isAnd = op === 'and';
      return {
        fn: (i, v) => {
          const a = singletonBoolean(l(i, v));
          const b = singletonBoolean(r(i, v));
          if (isAnd) {
            if (a === false || b === false) return [false];
            return a === true && b === true ? [true] : [];
          }
          if (a === true || b === true) return [true];
          return a === false && b === false ? [false] : [];
        },
        type: 'System.Boolean',
      };
    }
    case '=':
    case '!=': {
      const comparable =
        (STRINGS.has(left.type) && STRINGS.has(right.type)) ||
        (INTEGERS.has(left.type) && INTEGERS.has(right.type)) ||
        (BOOLEANS.has(left.type) && BOOLEANS.has(right.type));
      if (!comparable) throw new Unsupported(`${left.type} ${op} ${right.type}`);
      const negate = op === '!=';
      return {
        fn: (i, v) => {
          const a = l(i, v);
          const b = r(i, v);
          if (a.length === 0 || b.length === 0) return [];
          let equal = a.length === b.length;
          for (let k = 0; equal && k < a.length; k++) equal = a[k] === b[k];
          return [equal !== negate];
        },
        type: 'System.Boolean',
      };
    }
    default: {
      if (!NUMBERS.has(left.type) || !NUMBERS.has(right.type))
        throw new Unsupported(`${left.type} ${op} ${right.type}`);
      const cmp =
        op === '<'
          ? (a: number, b: number) => a < b
          : op === '>'
            ? (a: number, b: number) => a > b
            : op === '<='
              ? (a: number, b: number) => a <= b
              : (a: number, b: number) => a >= b;
      return {
        fn: (i, v) => {
          const a = l(i, v);
          const b = r(i, v);
          if (a.length === 0 || b.length === 0) return [];
          if (a.length > 1 || b.length > 1) throw ESCAPE;
          return [cmp(a[0] as number, b[0] as number)];
        },
        type: 'System.Boolean',
      };
    }
  }
}
