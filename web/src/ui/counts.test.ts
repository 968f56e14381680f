import { describe, expect, it } from 'vitest';
import { countView } from './counts.ts';

describe('released counts', () => {
  it('never shows a suppressed or withheld count as 0', () => {
    expect(countView({ value: null, suppressed: true, reason: 'small' })).toEqual({
      value: null,
      kind: 'suppressed',
    });
    expect(countView({ value: null, suppressed: true })).toEqual({ value: null, kind: 'suppressed' });
    expect(countView({ value: null, suppressed: true, reason: 'differencing' })).toEqual({
      value: null,
      kind: 'withheld',
    });
    expect(countView(null)).toEqual({ value: null, kind: 'suppressed' });
    // A combined count of 0 where stations withheld theirs is not a 0.
    expect(countView({ value: 0, suppressedAt: 2 })).toEqual({ value: null, kind: 'suppressed' });
    expect(countView({ value: 0, suppressed: true })).toEqual({ value: null, kind: 'suppressed' });
    expect(countView({ value: 45, suppressedAt: 1 })).toEqual({
      value: 45,
      kind: 'partial',
      suppressedAt: 1,
    });
    expect(countView({ value: 45, suppressedAt: 0 })).toEqual({ value: 45, kind: 'number' });
    expect(countView({ value: 20, suppressed: false })).toEqual({ value: 20, kind: 'number' });
    expect(countView(120)).toEqual({ value: 120, kind: 'number' });
    expect(countView(undefined)).toEqual({ value: null, kind: 'missing' });
  });
});
