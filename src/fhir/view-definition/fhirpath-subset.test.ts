import { describe, expect, it } from 'vitest';
import { parseSubset, Unsupported } from './fhirpath-subset.ts';

describe('parseSubset', () => {
  it('parses paths, calls, indexers and operators with FHIRPath precedence', () => {
    expect(parseSubset("a.b.where(c = 'x' or d = 'y')[0]")).toEqual({
      kind: 'index',
      target: {
        kind: 'call',
        name: 'where',
        target: { kind: 'member', name: 'b', target: { kind: 'member', name: 'a' } },
        args: [
          {
            kind: 'binary',
            op: 'or',
            left: {
              kind: 'binary',
              op: '=',
              left: { kind: 'member', name: 'c' },
              right: { kind: 'literal', value: 'x' },
            },
            right: {
              kind: 'binary',
              op: '=',
              left: { kind: 'member', name: 'd' },
              right: { kind: 'literal', value: 'y' },
            },
          },
        ],
      },
      index: { kind: 'literal', value: 0 },
    });
    expect(parseSubset('a | b = c')).toMatchObject({ op: '=', left: { op: '|' } });
    expect(parseSubset("'it\\'s'")).toEqual({ kind: 'literal', value: "it's" });
    expect(parseSubset('%rowIndex')).toEqual({ kind: 'variable', name: 'rowIndex' });
  });

  it('leaves everything else to the engine', () => {
    for (const e of [
      'a + 1',
      'a is Quantity',
      '@2020-01-01',
      '1.5',
      'a.b(',
      'a xor b',
      '$index',
      "a ~ 'x'",
    ]) {
      expect(() => parseSubset(e), e).toThrow(Unsupported);
    }
  });
});
