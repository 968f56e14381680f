import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badInputFromZod, jsonPath } from './bad-input-from-zod.ts';

const Schema = z.strictObject({
  name: z.string().min(1),
  stations: z.array(z.string().min(1)),
  limits: z.object({ 'max rows': z.number() }),
});

function errorOf(value: unknown, root?: string) {
  const parsed = Schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failed parse');
  return badInputFromZod(parsed.error, root);
}

describe('badInputFromZod', () => {
  it('lists every issue with its JSON path, the first one as message and where', () => {
    const e = errorOf({ name: '', stations: ['a', ''], limits: { 'max rows': 'many' }, extra: 1 }, 'body');
    expect(e.code).toBe('badInput');
    expect(e.status).toBe(400);
    expect(e.where).toBe('body.name');
    expect(e.detail).toMatch(/\(and 3 more\)$/);
    expect(e.issues?.map((i) => i.where)).toEqual([
      'body.name',
      'body.stations[1]',
      'body.limits["max rows"]',
      'body',
    ]);
    expect(e.issues?.[3]?.message).toMatch(/extra/);
    expect(e.toJSON()).toMatchObject({ error: 'badInput', where: 'body.name', issues: e.issues });
  });

  it('says nothing about more when there is one issue, and never repeats the value sent', () => {
    const e = errorOf({ name: 'x', stations: [], limits: { 'max rows': 'secret-value-123' } });
    expect(e.detail).not.toMatch(/more/);
    expect(JSON.stringify(e.toJSON())).not.toContain('secret-value-123');
    expect(e.where).toBe('$.limits["max rows"]');
  });

  it('bounds the list of a large bad document and still counts every issue', () => {
    const parsed = z.array(z.number()).safeParse(Array.from({ length: 250 }, () => 'x'));
    const e = badInputFromZod(parsed.error!, 'input');
    expect(e.issues).toHaveLength(100);
    expect(e.detail).toMatch(/\(and 249 more\)/);
    expect(e.where).toBe('input[0]');
  });
});

describe('jsonPath', () => {
  it('writes keys, indices and odd keys after a root', () => {
    expect(jsonPath(['a', 0, 'b c', 'd'])).toBe('$.a[0]["b c"].d');
    expect(jsonPath(['stations', 0], 'body')).toBe('body.stations[0]');
    expect(jsonPath(['inclusion', 1, 'window'], '')).toBe('inclusion[1].window');
    expect(jsonPath([], '')).toBe('$');
    expect(jsonPath([], 'policy.json $')).toBe('policy.json $');
  });
});
