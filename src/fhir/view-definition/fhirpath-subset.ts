/**
 * A parser for the subset of FHIRPath the compiled fast path turns into plain closures: paths,
 * indexers, function calls, string/number/boolean literals, `%variables`, `$this`, comparisons, unions
 * (`|`), `and`, `or`. Anything else (date literals, arithmetic, `is`/`as`, ...) raises {@link Unsupported}
 * and the expression is left to the fhirpath.js engine.
 */

/** Nodes of the subset, tagged by `kind`. */
export type PathNode =
  | { readonly kind: 'this' }
  | { readonly kind: 'member'; readonly target?: PathNode; readonly name: string }
  | {
      readonly kind: 'call';
      readonly target?: PathNode;
      readonly name: string;
      readonly args: readonly PathNode[];
    }
  | { readonly kind: 'index'; readonly target: PathNode; readonly index: PathNode }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: PathNode; readonly right: PathNode };

export const BinaryOps = ['|', '=', '!=', '<', '>', '<=', '>=', 'and', 'or'] as const;
export type BinaryOp = (typeof BinaryOps)[number];

/** Thrown for syntax outside the compiled subset (not an error: the engine takes over). */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'var'; v: string }
  | { t: 'op'; v: string }
  | { t: 'end' };

const KEYWORD_OPS = new Set(['and', 'or']);
const UNSUPPORTED_KEYWORDS = new Set(['xor', 'implies', 'is', 'as', 'in', 'contains', 'div', 'mod']);
const ESCAPES: Record<string, string> = {
  "'": "'",
  '"': '"',
  '`': '`',
  '\\': '\\',
  '/': '/',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      const word = m[0];
      i += word.length;
      if (UNSUPPORTED_KEYWORDS.has(word)) throw new Unsupported(word);
      out.push(KEYWORD_OPS.has(word) ? { t: 'op', v: word } : { t: 'id', v: word });
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new Unsupported('unterminated identifier');
      out.push({ t: 'id', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'") {
      let v = '';
      i++;
      while (i < src.length && src[i] !== "'") {
        if (src[i] === '\\') {
          const e = ESCAPES[src[i + 1] ?? ''];
          if (e === undefined) throw new Unsupported('escape');
          v += e;
          i += 2;
        } else {
          v += src[i];
          i++;
        }
      }
      if (i >= src.length) throw new Unsupported('unterminated string');
      i++;
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      // Decimal literals keep their precision in FHIRPath; only integers are compiled.
      if (m[1]) throw new Unsupported('decimal literal');
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (c === '%') {
      const m = /^%([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      if (!m) throw new Unsupported('delimited variable');
      out.push({ t: 'var', v: m[1] as string });
      i += m[0].length;
    } else if (c === '$') {
      if (!src.startsWith('$this', i)) throw new Unsupported('$index/$total');
      out.push({ t: 'id', v: '$this' });
      i += 5;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('.()[],=<>|'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else {
        throw new Unsupported(c);
      }
    }
  }
  out.push({ t: 'end' });
  return out;
}

// FHIRPath precedence, loosest first: or, and, equality, inequality, union.
const PRECEDENCE: Record<string, number> = {
  '|': 5,
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '>': 4,
  '<=': 4,
  '>=': 4,
};

/** Parses an expression of the subset; throws {@link Unsupported} for anything else. */
export function parseSubset(src: string): PathNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos] as Token;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new Unsupported(`expected ${v}`);
    pos++;
  };

  const args = (): PathNode[] => {
    const list: PathNode[] = [];
    expectOp('(');
    if (isOp(')')) {
      pos++;
      return list;
    }
    for (;;) {
      list.push(expression(0));
      if (isOp(',')) pos++;
      else break;
    }
    expectOp(')');
    return list;
  };

  const invocation = (target?: PathNode): PathNode => {
    const t = peek();
    if (t.t !== 'id') throw new Unsupported('expected a name');
    pos++;
    if (t.v === '$this') {
      if (target) throw new Unsupported('$this after a dot');
      return { kind: 'this' };
    }
    if (isOp('('))
      return target
        ? { kind: 'call', target, name: t.v, args: args() }
        : { kind: 'call', name: t.v, args: args() };
    return target ? { kind: 'member', target, name: t.v } : { kind: 'member', name: t.v };
  };

  const term = (): PathNode => {
    const t = peek();
    if (t.t === 'str' || t.t === 'num') {
      pos++;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'var') {
      pos++;
      return { kind: 'variable', name: t.v };
    }
    if (t.t === 'id' && (t.v === 'true' || t.v === 'false')) {
      pos++;
      return { kind: 'literal', value: t.v === 'true' };
    }
    if (isOp('(')) {
      pos++;
      const inner = expression(0);
      expectOp(')');
      return inner;
    }
    return invocation();
  };

  const postfix = (): PathNode => {
    let node = term();
    for (;;) {
      if (isOp('.')) {
        pos++;
        node = invocation(node);
      } else if (isOp('[')) {
        pos++;
        const index = expression(0);
        expectOp(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  };

  const expression = (minPrec: number): PathNode => {
    let left = postfix();
    for (;;) {
      const t = peek();
      if (t.t !== 'op') return left;
      const prec = PRECEDENCE[t.v];
      if (prec === undefined || prec <= minPrec) return left;
      pos++;
      const right = expression(prec);
      left = { kind: 'binary', op: t.v as BinaryOp, left, right };
    }
  };

  const node = expression(0);
  if (peek().t !== 'end') throw new Unsupported('trailing input');
  return node;
}
