import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badInputFromZod } from './input-issues.ts';
import { droppedKeys, strictSafeParse } from './strict-parse.ts';

const Schema = z.object({
  name: z.string(),
  limit: z.number().default(0.1),
  items: z.array(z.object({ code: z.string() })),
  choice: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('a'), a: z.number() }),
    z.object({ kind: z.literal('b'), b: z.number() }),
  ]),
  labels: z.record(z.string(), z.number()).optional(),
  open: z.object({ x: z.number() }).passthrough().optional(),
});

const good = { name: 'n', items: [{ code: 'c' }], choice: { kind: 'a', a: 1 } };

describe('strictSafeParse', () => {
  it('accepts what the schema knows, defaults, records and passthrough objects', () => {
    const parsed = strictSafeParse(Schema, { ...good, labels: { any: 1 }, open: { x: 1, extra: 2 } });
    expect(parsed.success).toBe(true);
    expect(parsed.data?.limit).toBe(0.1);
  });

  it('refuses an unknown field at any depth, naming its path', () => {
    const raw = {
      ...good,
      pad: 'x'.repeat(1000),
      items: [{ code: 'c' }, { code: 'd', evil: true }],
      choice: { kind: 'b', b: 2, a: 1 },
    };
    expect(droppedKeys(raw, Schema.parse(raw))).toEqual([
      { path: [], keys: ['pad'] },
      { path: ['items', 1], keys: ['evil'] },
      { path: ['choice'], keys: ['a'] },
    ]);
    const parsed = strictSafeParse(Schema, raw);
    expect(parsed.success).toBe(false);
    const error = badInputFromZod(parsed.error!, 'input', 'does not fit', { pathInWhere: true });
    expect(error.where).toBe('input.pad');
    expect(error.message).toContain('does not fit: unknown field(s) pad (and 2 more)');
    expect(error.details?.issues?.map((i) => i.path)).toEqual([
      'input.pad',
      'input.items[1].evil',
      'input.choice.a',
    ]);
    expect(JSON.stringify(error.toJSON())).not.toContain('xxx');
  });

  it('cuts a long field name', () => {
    const parsed = strictSafeParse(Schema, { ...good, ['k'.repeat(10_000)]: 1 });
    const error = badInputFromZod(parsed.error!, 'input', 'does not fit', { pathInWhere: true });
    expect(error.message.length).toBeLessThan(400);
  });

  it('still reports a value that does not fit first, as zod does', () => {
    const parsed = strictSafeParse(Schema, { ...good, name: 1, pad: 1 });
    expect(parsed.error?.issues[0]?.path).toEqual(['name']);
  });
});
