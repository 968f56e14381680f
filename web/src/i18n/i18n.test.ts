import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { nl } from './nl.ts';

describe('web app texts', () => {
  it('has every key in Dutch and in English, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
    for (const [key, text] of Object.entries(nl)) {
      const other = en[key as keyof typeof en];
      expect(text.trim().length, key).toBeGreaterThan(0);
      expect(other.trim().length, key).toBeGreaterThan(0);
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(other), key).toEqual(vars(text));
    }
  });
});
