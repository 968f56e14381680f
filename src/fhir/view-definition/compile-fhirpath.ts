import { choiceProperties, elementOf, isPrimitive } from './fhir-model.ts';
import type { Vars } from './fhirpath-engine.ts';
import { type BinaryOp, type PathNode, parseSubset, Unsupported } from './fhirpath-subset.ts';
import { referenceKey, resourceKey } from './reference-key.ts';

/** A compiled expression over a collection (FHIRPath evaluates everything on collections). */
export type CollectionFn = (input: readonly unknown[], vars: Vars) => unknown[];

/** Result of compiling one expression: the function and the static type of what it returns. */
export interface Compiled {
  readonly fn: CollectionFn;
  readonly type: string;
}

/**
 * Thrown while evaluating a compiled expression when the data does not fit the compiled assumptions
 * (several items where one was expected, a non-boolean condition, a primitive with only an extension,
 * ...). The caller re-evaluates the whole expression with the engine, so results stay identical to it,
 * errors included.
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

type Constants = Readonly<Record<string, { type: string; value: unknown }>>;

/** A generated value: the name of the JS variable holding the collection, and its static FHIR type. */
interface Value {
  readonly v: string;
  readonly type: string;
}

/**
 * Compiles an expression of the subset into one generated JavaScript function over plain JSON, starting
 * from a focus of static type `type` (a resource name, a data type, or a backbone path like
 * `Observation.component`). Generated code, not a tree of closures, so every property access has its
 * own inline cache: a shared closure sees every property name and shape and goes megamorphic.
 * `constants` are the view's constants (fixed when the view is compiled). Throws {@link Unsupported}
 * when the expression or a type in it is outside what this compiler handles.
 *
 * Only JSON-encoded strings, validated integers and variable names it made itself go into the source.
 */
export function compileFhirPath(expression: string, type: string, constants: Constants): Compiled {
  const g = new Generator(constants);
  const out = g.node(parseSubset(expression), { v: 'input', type });
  // Literals, constants and boolean results are shared frozen arrays made once (nothing writes to a
  // result; a write would throw rather than change another row). The booleans are the helpers' own.
  const source = `${g.hoisted.join('\n')}\nreturn function compiled(input, vars) {\n${g.lines.join('\n')}\nreturn ${out.v};\n};`;
  const make = new Function('H', 'ESCAPE', 'T', 'F', source) as (
    h: typeof HELPERS,
    escapeSignal: symbol,
    t: readonly unknown[],
    f: readonly unknown[],
  ) => CollectionFn;
  return { fn: make(HELPERS, ESCAPE, T, F), type: out.type };
}

class Generator {
  readonly lines: string[] = [];
  readonly hoisted: string[] = [];
  private n = 0;
  constructor(private readonly constants: Constants) {}

  private fresh(): string {
    return `r${this.n++}`;
  }

  /** A collection fixed when the expression is compiled (a literal or a view constant). */
  private fixed(type: string, value: unknown): Value {
    const v = `K${this.hoisted.length}`;
    this.hoisted.push(`const ${v} = Object.freeze([${JSON.stringify(value)}]);`);
    return { v, type };
  }

  private emit(type: string, expr: string): Value {
    const v = this.fresh();
    this.lines.push(`const ${v} = ${expr};`);
    return { v, type };
  }

  node(node: PathNode, input: Value): Value {
    switch (node.kind) {
      case 'this':
        return input;
      case 'literal': {
        const t = typeof node.value;
        return this.fixed(
          t === 'string' ? 'System.String' : t === 'number' ? 'System.Integer' : 'System.Boolean',
          node.value,
        );
      }
      case 'variable':
        return this.variable(node.name);
      case 'member':
        return this.member(node.target ? this.node(node.target, input) : input, node.name);
      case 'index': {
        const target = this.node(node.target, input);
        const index = this.node(node.index, input);
        if (!INTEGERS.has(index.type)) throw new Unsupported('non-integer index');
        return this.emit(
          target.type,
          `${index.v}[0] < ${target.v}.length ? [${target.v}[${index.v}[0]]] : []`,
        );
      }
      case 'call':
        if (
          node.name === 'first' &&
          node.args.length === 0 &&
          node.target?.kind === 'binary' &&
          node.target.op === '|'
        ) {
          // (a | b).first() is a's first item, else b's: no need to build and deduplicate the union.
          const a = this.node(node.target.left, input);
          const b = this.node(node.target.right, input);
          const type = a.type === b.type ? a.type : 'System.Any';
          return this.emit(type, `${a.v}.length > 0 ? [${a.v}[0]] : ${b.v}.length > 0 ? [${b.v}[0]] : []`);
        }
        if (node.name === 'ofType' && node.target?.kind === 'member' && node.args.length === 1) {
          const m = node.target;
          return this.choice(m.target ? this.node(m.target, input) : input, m.name, typeName(node.args[0]));
        }
        return this.call(node, node.target ? this.node(node.target, input) : input);
      case 'binary':
        return this.binary(node.op, this.node(node.left, input), this.node(node.right, input));
    }
  }

  private variable(name: string): Value {
    if (name === 'rowIndex') return this.emit('System.Integer', '[vars.rowIndex]');
    const c = this.constants[name];
    if (!c) throw new Unsupported(`%${name}`);
    const v = c.value;
    const type =
      STRINGS.has(c.type) && typeof v === 'string'
        ? 'System.String'
        : INTEGERS.has(c.type) && Number.isInteger(v)
          ? 'System.Integer'
          : c.type === 'boolean' && typeof v === 'boolean'
            ? 'System.Boolean'
            : undefined;
    if (!type) throw new Unsupported(`constant of type ${c.type}`);
    return this.fixed(type, v);
  }

  private member(target: Value, name: string): Value {
    if (isPrimitive(target.type)) throw new Unsupported(`${name} of a primitive`);
    const info = elementOf(target.type, name);
    if (!info || info.kind === 'choice') throw new Unsupported(`${target.type}.${name}`);
    return this.property(target, name, [], info.type);
  }

  /** `x.ofType(T)` on a choice element `x` reads the JSON property `xT`; other uses go to the engine. */
  private choice(owner: Value, name: string, type: string): Value {
    if (isPrimitive(owner.type)) throw new Unsupported(`${name} of a primitive`);
    const info = elementOf(owner.type, name);
    if (info?.kind === 'element' && info.type === type) return this.property(owner, name, [], type);
    if (info?.kind !== 'choice') throw new Unsupported(`ofType on ${owner.type}.${name}`);
    const found = choiceProperties(name, info.types, type);
    if (!found) throw new Unsupported(`${type} is not a type of ${owner.type}.${name}`);
    const lower = type.charAt(0).toLowerCase() + type.slice(1);
    const resultType = isPrimitive(lower) ? lower : type.charAt(0).toUpperCase() + type.slice(1);
    // fhirpath.js reads the first type present, so a (malformed) second value[x] must not win here.
    return this.property(owner, found.property, found.earlier, resultType);
  }

  /**
   * Property access: arrays flatten, absent values vanish, as in FHIRPath. The result array is made at
   * the first value, exactly sized (a copy of an array property, or one item), and grows only when more
   * items follow: most steps have one. The resource's own arrays are never handed out, so rows cannot
   * alias the input.
   */
  private property(source: Value, key: string, earlier: readonly string[], type: string): Value {
    const v = this.fresh();
    const i = this.fresh();
    const it = this.fresh();
    const x = this.fresh();
    const k = this.fresh();
    const y = this.fresh();
    const q = JSON.stringify;
    const shadowed = earlier.length
      ? `if (${earlier.map((e) => `${it}[${q(e)}] !== undefined`).join(' || ')}) throw ESCAPE;`
      : '';
    this.lines.push(
      `let ${v} = null;`,
      `for (let ${i} = 0; ${i} < ${source.v}.length; ${i}++) {`,
      `  const ${it} = ${source.v}[${i}];`,
      `  if (${it} === null || typeof ${it} !== 'object') continue;`,
      `  const ${x} = ${it}[${q(key)}];`,
      // A primitive with only an extension (`_birthDate`) is a node without value for the engine.
      `  if (${x} === undefined || ${x} === null) { if (${it}[${q(`_${key}`)}] !== undefined) throw ESCAPE; continue; }`,
      `  ${shadowed}`,
      `  if (Array.isArray(${x})) {`,
      `    for (let ${k} = 0; ${k} < ${x}.length; ${k}++) { const ${y} = ${x}[${k}]; if (${y} === null || ${y} === undefined) throw ESCAPE; }`,
      `    if (${v} === null) ${v} = ${x}.slice(); else for (let ${k} = 0; ${k} < ${x}.length; ${k}++) ${v}.push(${x}[${k}]);`,
      `  } else if (${v} === null) ${v} = [${x}];`,
      `  else ${v}.push(${x});`,
      '}',
      `if (${v} === null) ${v} = [];`,
    );
    return { v, type };
  }

  private where(target: Value, condition: PathNode): Value {
    const v = this.fresh();
    const i = this.fresh();
    const focus = this.fresh();
    // The result array is made at the first match, with that item (most filters keep one).
    this.lines.push(`let ${v} = null;`, `for (let ${i} = 0; ${i} < ${target.v}.length; ${i}++) {`);
    this.lines.push(`const ${focus} = [${target.v}[${i}]];`);
    const c = this.node(condition, { v: focus, type: target.type }).v;
    this.lines.push(
      `if (${c}.length === 1 && ${c}[0] === true) { if (${v} === null) ${v} = [${target.v}[${i}]]; else ${v}.push(${target.v}[${i}]); }`,
      `else if (${c}.length > 1 || (${c}.length === 1 && ${c}[0] !== false)) throw ESCAPE;`,
      '}',
      `if (${v} === null) ${v} = [];`,
    );
    return { v, type: target.type };
  }

  private call(node: Extract<PathNode, { kind: 'call' }>, target: Value): Value {
    const { name, args } = node;
    const t = target.v;
    const arity = (n: number) => {
      if (args.length !== n) throw new Unsupported(`${name} with ${args.length} arguments`);
    };
    switch (name) {
      case 'first':
        arity(0);
        return this.emit(target.type, `${t}.length <= 1 ? ${t} : [${t}[0]]`);
      case 'last':
        arity(0);
        return this.emit(target.type, `${t}.length <= 1 ? ${t} : [${t}[${t}.length - 1]]`);
      case 'exists':
        if (args.length === 1)
          return this.emit(
            'System.Boolean',
            `${this.where(target, args[0] as PathNode).v}.length > 0 ? T : F`,
          );
        arity(0);
        return this.emit('System.Boolean', `${t}.length > 0 ? T : F`);
      case 'empty':
        arity(0);
        return this.emit('System.Boolean', `${t}.length === 0 ? T : F`);
      case 'count':
        arity(0);
        return this.emit('System.Integer', `[${t}.length]`);
      case 'not':
        arity(0);
        return this.emit('System.Boolean', `H.not(${t})`);
      case 'where':
        arity(1);
        return this.where(target, args[0] as PathNode);
      case 'extension': {
        arity(1);
        const url = args[0] as PathNode;
        const wanted =
          url.kind === 'literal'
            ? url.value
            : url.kind === 'variable'
              ? this.constants[url.name]?.value
              : undefined;
        if (typeof wanted !== 'string')
          throw new Unsupported('extension(url) without a literal or constant url');
        const ext = this.member(target, 'extension');
        return this.emit('Extension', `H.withUrl(${ext.v}, ${JSON.stringify(wanted)})`);
      }
      case 'getResourceKey':
        arity(0);
        return this.emit('System.String', `H.resourceKeys(${t})`);
      case 'getReferenceKey': {
        if (args.length > 1) throw new Unsupported('getReferenceKey arguments');
        const type = args.length === 1 ? JSON.stringify(typeName(args[0])) : 'undefined';
        return this.emit('System.String', `H.referenceKeys(${t}, ${type})`);
      }
      case 'substring': {
        if (args.length < 1 || args.length > 2) throw new Unsupported('substring arguments');
        const [from, length] = args.map((a) =>
          a.kind === 'literal' && Number.isInteger(a.value) ? (a.value as number) : NaN,
        );
        if (Number.isNaN(from) || Number.isNaN(length ?? 0)) throw new Unsupported('substring(non-literal)');
        if (!STRINGS.has(target.type)) throw new Unsupported(`substring on ${target.type}`);
        return this.emit(target.type, `H.substring(${t}, ${from}, ${length ?? 'undefined'})`);
      }
      case 'join': {
        if (args.length > 1) throw new Unsupported('join arguments');
        const sep = args[0];
        if (sep && (sep.kind !== 'literal' || typeof sep.value !== 'string'))
          throw new Unsupported('join separator');
        return this.emit('System.String', `H.join(${t}, ${JSON.stringify(sep ? sep.value : '')})`);
      }
      default:
        throw new Unsupported(`${name}()`);
    }
  }

  private binary(op: BinaryOp, left: Value, right: Value): Value {
    switch (op) {
      case '|':
        return this.emit(
          left.type === right.type ? left.type : 'System.Any',
          `H.union(${left.v}, ${right.v})`,
        );
      case 'and':
      case 'or':
        return this.emit('System.Boolean', `H.${op}(${left.v}, ${right.v})`);
      case '=':
      case '!=': {
        const comparable =
          (STRINGS.has(left.type) && STRINGS.has(right.type)) ||
          (INTEGERS.has(left.type) && INTEGERS.has(right.type)) ||
          (BOOLEANS.has(left.type) && BOOLEANS.has(right.type));
        if (!comparable) throw new Unsupported(`${left.type} ${op} ${right.type}`);
        return this.emit('System.Boolean', `H.equals(${left.v}, ${right.v}, ${op === '!='})`);
      }
      default:
        if (!NUMBERS.has(left.type) || !NUMBERS.has(right.type))
          throw new Unsupported(`${left.type} ${op} ${right.type}`);
        return this.emit('System.Boolean', `H.compare(${left.v}, ${right.v}, ${JSON.stringify(op)})`);
    }
  }
}

function typeName(arg: PathNode | undefined): string {
  if (arg?.kind !== 'member' || arg.target || !/^[A-Za-z]+$/.test(arg.name))
    throw new Unsupported('type specifier');
  return arg.name;
}

function singletonBoolean(items: readonly unknown[]): boolean | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1 && typeof items[0] === 'boolean') return items[0];
  throw ESCAPE;
}

/** Deep equality of JSON values, key order ignored; numbers make the caller escape to the engine. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') throw ESCAPE;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** The boolean results, shared: a collection of one boolean is only ever read. */
const T: readonly unknown[] = Object.freeze([true]);
const F: readonly unknown[] = Object.freeze([false]);

/** Runtime helpers the generated code calls (small, monomorphic, inlined by V8). */
const HELPERS = {
  not(items: readonly unknown[]): readonly unknown[] {
    const b = singletonBoolean(items);
    return b === undefined ? [] : b ? F : T;
  },
  and(a: readonly unknown[], b: readonly unknown[]): readonly unknown[] {
    const x = singletonBoolean(a);
    const y = singletonBoolean(b);
    if (x === false || y === false) return F;
    return x === true && y === true ? T : [];
  },
  or(a: readonly unknown[], b: readonly unknown[]): readonly unknown[] {
    const x = singletonBoolean(a);
    const y = singletonBoolean(b);
    if (x === true || y === true) return T;
    return x === false && y === false ? F : [];
  },
  equals(a: readonly unknown[], b: readonly unknown[], negate: boolean): readonly unknown[] {
    if (a.length === 0 || b.length === 0) return [];
    let equal = a.length === b.length;
    for (let k = 0; equal && k < a.length; k++) equal = a[k] === b[k];
    return equal !== negate ? T : F;
  },
  compare(a: readonly unknown[], b: readonly unknown[], op: string): readonly unknown[] {
    if (a.length === 0 || b.length === 0) return [];
    if (a.length > 1 || b.length > 1) throw ESCAPE;
    const x = a[0] as number;
    const y = b[0] as number;
    return (op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y) ? T : F;
  },
  /** `a | b`: items of a, then those of b, without duplicates (by FHIRPath equality of JSON values). */
  union(a: readonly unknown[], b: readonly unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const list of [a, b]) {
      for (const x of list) {
        if (typeof x === 'number') throw ESCAPE;
        if (!out.some((y) => y === x || jsonEqual(x, y))) out.push(x);
      }
    }
    return out;
  },
  withUrl(items: readonly unknown[], url: string): unknown[] {
    return items.filter((e) => (e as { url?: unknown }).url === url);
  },
  resourceKeys(items: readonly unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const x of items) {
      const key = resourceKey(x);
      if (key !== undefined) out.push(key);
    }
    return out;
  },
  referenceKeys(items: readonly unknown[], type: string | undefined): unknown[] {
    if (items.length === 1) {
      const key = referenceKey(items[0], type);
      return key === undefined ? [] : [key];
    }
    const out: unknown[] = [];
    for (const x of items) {
      const key = referenceKey(x, type);
      if (key !== undefined) out.push(key);
    }
    return out;
  },
  substring(items: readonly unknown[], from: number, length: number | undefined): unknown[] {
    if (items.length === 0) return [];
    const s = items[0];
    if (items.length > 1 || typeof s !== 'string') throw ESCAPE;
    if (from >= s.length) return [];
    return [length === undefined ? s.slice(from) : s.slice(from, from + length)];
  },
  join(items: readonly unknown[], separator: string): unknown[] {
    for (const x of items) if (typeof x !== 'string') throw ESCAPE;
    return [items.join(separator)];
  },
};
