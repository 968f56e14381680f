import { z } from 'zod';

type Issue = z.core.$ZodIssue;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The field names of `raw` that a parse dropped: keys of an object in the input that are missing from
 * the same object in the parsed value, with the path of that object. Zod's plain objects strip keys they
 * do not know; comparing the input with what came out finds them at any depth, whatever the schema
 * (records and `passthrough` objects keep their keys, so they are not reported). Iterative.
 */
export function droppedKeys(raw: unknown, parsed: unknown): { path: (string | number)[]; keys: string[] }[] {
  const out: { path: (string | number)[]; keys: string[] }[] = [];
  const stack: { raw: unknown; parsed: unknown; path: (string | number)[] }[] = [{ raw, parsed, path: [] }];
  while (stack.length > 0) {
    const { raw: r, parsed: p, path } = stack.pop()!;
    if (Array.isArray(r) && Array.isArray(p)) {
      const n = Math.min(r.length, p.length);
      for (let i = n - 1; i >= 0; i--) stack.push({ raw: r[i], parsed: p[i], path: [...path, i] });
    } else if (isPlainObject(r) && isPlainObject(p)) {
      const keys = Object.keys(r).filter((k) => !Object.hasOwn(p, k));
      if (keys.length > 0) out.push({ path, keys });
      for (const k of Object.keys(r).reverse())
        if (Object.hasOwn(p, k)) stack.push({ raw: r[k], parsed: p[k], path: [...path, k] });
    }
  }
  return out;
}

/**
 * `schema.safeParse(value)`, but unknown fields anywhere in the value are an error (zod's
 * `unrecognized_keys`, which `badInputFromZod` reports as "unknown field(s) pad" at the object's path)
 * instead of being dropped. For inputs that travel on (a run's input is stored by the hub and sent to
 * every station): a field no schema knows is refused, not carried along.
 *
 * @example
 * const parsed = strictSafeParse(definition.inputSchema, input);
 * if (!parsed.success) throw badInputFromZod(parsed.error, 'input', 'does not fit', { pathInWhere: true });
 */
export function strictSafeParse<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return parsed;
  const dropped = droppedKeys(value, parsed.data);
  if (dropped.length === 0) return parsed;
  // One issue per unknown field, at its own path (`input.pad`). A name is shown, never a value; but a
  // name can be made long, so it is cut.
  const issues: Issue[] = dropped.flatMap(({ path, keys }) =>
    keys.map((k) => {
      const key = k.length > 100 ? `${k.slice(0, 100)}…` : k;
      return {
        code: 'unrecognized_keys' as const,
        keys: [key],
        path: [...path, key],
        message: `Unrecognized key: "${key}"`,
      };
    }),
  );
  return { success: false, error: new z.ZodError(issues) as z.ZodError<T> };
}
