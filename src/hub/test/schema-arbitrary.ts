import fc from 'fast-check';

type Json = Record<string, unknown>;

/** Strings that broke hubs before: NUL, lone surrogates, long, RTL, emoji, SQL and path tricks. */
const NASTY = [
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFF',
  '\uDC00y',
  '😀',
  '\u202Eevil',
  "' or 1=1 --",
  '%00',
  '../../etc/passwd',
  '{}',
  '-1',
  '1e400',
  'x'.repeat(5000),
];

/** One UTF-16 code unit of any kind, lone surrogates included. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constant('\u0000'),
);

/** Random Unicode text: well-formed strings, raw code units (NUL, lone surrogates), known nasty ones, `extra`. */
export function unicodeText(extra: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(codeUnit, { maxLength: 20 }).map((units) => units.join('')),
    fc.constantFrom(...NASTY),
    ...(extra.length > 0 ? [fc.constantFrom(...extra)] : []),
  );
}

/** Numbers at and past the edges: huge, tiny, negative zero, past 2^53. */
export const edgyNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, 2 ** 53 + 2, -(2 ** 63), 1e21, 5e-324, -0),
);

/** Any JSON value made of random text and edgy numbers, a few levels deep. */
export function anyJson(text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      edgyNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    ),
  })).value;
}

/**
 * Values shaped like a JSON Schema (2020-12, as the OpenAPI document has them) whose strings are random
 * Unicode and whose numbers are edgy: enough of the shape fits for requests to reach the route's code,
 * not only its validation. `$ref`s resolve against `components`; a schema it does not know gives any
 * JSON value.
 */
export function arbitraryOf(
  schema: unknown,
  components: Record<string, unknown>,
  text: fc.Arbitrary<string>,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema === null || typeof schema !== 'object' || depth > 8) return anyJson(text);
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    return arbitraryOf(components[name], components, text, depth + 1);
  }
  if ('const' in s) return fc.oneof(fc.constant(s.const), text);
  if (Array.isArray(s.enum)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...s.enum) }, text);
  const choices = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(choices) && choices.length > 0)
    return fc.oneof(...choices.map((c) => arbitraryOf(c, components, text, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length > 0)
    return arbitraryOf(s.allOf[0], components, text, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return text;
    case 'integer':
      return fc.oneof(
        fc.integer({
          min: Number(s.minimum ?? 0),
          max: Math.max(Number(s.minimum ?? 0), Number(s.maximum ?? 100)),
        }),
        edgyNumber,
      );
    case 'number':
      return edgyNumber;
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = arbitraryOf(s.items, components, text, depth + 1);
      return fc.array(items, { maxLength: 3 });
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = (s.required ?? []) as string[];
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([k, v]) => [k, arbitraryOf(v, components, text, depth + 1)]),
        ),
        { requiredKeys: required.filter((k) => k in properties) },
      );
      // Now and then a field the schema does not know (a strict route must refuse it, never fail).
      const withExtra = fc
        .tuple(record, text, anyJson(text))
        .map(([r, key, value]) => ({ ...r, [key]: value }));
      return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: withExtra });
    }
    default:
      return anyJson(text);
  }
}

/**
 * Percent-encodes text for a URL, lone surrogates included (as the three bytes WTF-8 gives them,
 * which no UTF-8 decoder accepts), so a route sees what an attacker can send.
 */
export function encodeAny(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}
