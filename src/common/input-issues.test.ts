import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badInputFromZod, inputIssues, jsonPath, listedIssues } from './input-issues.ts';

const Schema = z.strictObject({
  spec: z.object({ features: z.array(z.object({ name: z.string() })), outcome: z.object({}) }),
  family: z.enum(['logistic', 'poisson']),
});

describe('input issues', () => {
  it('names every problem with its JSON path, missing fields as missing', () => {
    const parsed = Schema.safeParse({
      spec: { features: [{ name: 'age' }, { name: 3 }] },
      family: 'x',
      colour: 'red',
    });
    expect(parsed.success).toBe(false);
    expect(inputIssues(parsed.error!)).toEqual([
      { path: '$.spec.features[1].name', message: 'expected string, received number' },
      { path: '$.spec.outcome', message: 'missing (expected object)' },
      { path: '$.family', message: expect.stringMatching(/expected one of "logistic"\|"poisson"/) },
      { path: '$', message: 'unknown field(s) colour' },
    ]);
  });

  it('makes one badInput error: the first problem in the message, all of them in details', () => {
    const parsed = Schema.safeParse({ spec: {}, family: 'logistic' });
    const e = badInputFromZod(parsed.error!, 'glm.json', 'does not fit the input of glm@1.0.0');
    expect(e.code).toBe('badInput');
    expect(e.where).toBe('glm.json');
    expect(e.message).toBe(
      'glm.json: does not fit the input of glm@1.0.0: $.spec.features: missing (expected array) (and 1 more)',
    );
    expect(e.details).toMatchObject({ summary: 'does not fit the input of glm@1.0.0', problems: 2 });
    expect(listedIssues(e.details).map((i) => i.path)).toEqual(['$.spec.features', '$.spec.outcome']);
  });

  it('keeps no value of the input in what it says', () => {
    const parsed = Schema.safeParse({
      spec: { features: 'Jansen 1970-03-14', outcome: 999999999 },
      family: 'de Vries',
    });
    const text = JSON.stringify(inputIssues(parsed.error!));
    expect(text).not.toMatch(/Jansen|1970|999999999|de Vries/);
  });

  it('puts the first path in where for an API answer, under the root of the input', () => {
    const parsed = Schema.safeParse({ spec: { features: [{ name: 1 }] }, family: 'logistic', x: 1 });
    const e = badInputFromZod(parsed.error!, 'body', 'invalid input', { pathInWhere: true });
    expect(e.where).toBe('body.spec.features[0].name');
    expect(e.message).toBe(
      'body.spec.features[0].name: invalid input: expected string, received number (and 2 more)',
    );
    expect(listedIssues(e.details).map((i) => i.path)).toEqual([
      'body.spec.features[0].name',
      'body.spec.outcome',
      'body',
    ]);
    expect(
      badInputFromZod(parsed.error!, 'policy.json $', 'invalid policy', { pathInWhere: true }).where,
    ).toBe('policy.json $.spec.features[0].name');
  });

  it('lists at most 50 problems of a large input and counts them all', () => {
    const parsed = z.array(z.number()).safeParse(Array.from({ length: 120 }, () => 'x'));
    const e = badInputFromZod(parsed.error!, 'input', 'invalid input', { pathInWhere: true });
    expect(e.details).toMatchObject({ problems: 120 });
    expect(e.details?.issues).toHaveLength(50);
    expect(e.message).toMatch(/\(and 119 more\)$/);
  });

  it('writes keys that are not plain names in brackets', () => {
    expect(jsonPath(['a', 0, 'b-c', 'd'])).toBe('$.a[0]["b-c"].d');
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['stations', 0], 'body')).toBe('body.stations[0]');
    expect(jsonPath(['inclusion', 1, 'window'], '')).toBe('inclusion[1].window');
    expect(jsonPath([], '')).toBe('$');
  });
});
