import { describe, expect, it } from 'vitest';
import { BatchBuilder, prepareBatch } from './batch-builder.ts';
import type { BatchResource } from './station-store.ts';
import { observation, CONTRACT_TABLES as tables } from './store-contract.ts';

const obs = (id: string, value: number, extra: Partial<BatchResource> = {}) =>
  observation(id, 'p1', value, extra);
/** Column positions in the contract's observation table. */
const ID = 0;
const VALUE = 3;
const EFFECTIVE = 4;

describe('BatchBuilder', () => {
  it('collects rows column by column, normalised', () => {
    const p = prepareBatch(tables, [obs('a', 1), obs('b', 2)]);
    const cols = p.columns.get('observation')!;
    expect(cols[ID]).toEqual(['a', 'b']);
    expect(cols[VALUE]).toEqual([1, 2]);
    // '2021-06-01T10:30:00+02:00' in UTC.
    expect(cols[EFFECTIVE]).toEqual(['2021-06-01 08:30:00.000', '2021-06-01 08:30:00.000']);
    expect(p.index[1]).toEqual(['a', 'b']);
    expect(p.staged.get('Observation')).toBe(2);
    expect(p.duplicates).toBe(0);
  });

  it('keeps the newest copy of a resource, the later one on a tie, and drops the rows of the others', () => {
    const p = prepareBatch(tables, [
      obs('a', 1, { lastUpdated: '2024-02-01T00:00:00Z' }),
      obs('b', 1),
      obs('a', 2, { lastUpdated: '2024-01-01T00:00:00Z' }), // older: ignored
      obs('b', 2), // tie: the later copy wins
      obs('c', 1, { versionId: '2' }),
      obs('c', 2, { versionId: '1' }), // lower version, same lastUpdated: ignored
    ]);
    expect(p.duplicates).toBe(3);
    expect(p.index[1]).toEqual(['a', 'b', 'c']);
    expect(p.index[5]).toEqual(['o:a:1', 'o:b:2', 'o:c:1']);
    expect(p.columns.get('observation')?.[ID]).toEqual(['a', 'b', 'c']);
    expect(p.columns.get('observation')?.[VALUE]).toEqual([1, 2, 1]);
    expect(p.rowCounts.get('observation')).toBe(3);
  });

  it('gives the same digest for the same kept content', () => {
    const one = prepareBatch(tables, [obs('a', 1), obs('b', 2)]).digest;
    const two = prepareBatch(tables, [obs('a', 9), obs('a', 1), obs('b', 2)]).digest;
    expect(two).toBe(one);
    expect(prepareBatch(tables, [obs('b', 2), obs('a', 1)]).digest).not.toBe(one);
  });

  it('refuses a resource whose rows do not fit, naming the table or column, and keeps the rest', () => {
    const b = new BatchBuilder(tables);
    b.add(obs('a', 1));
    expect(() => b.add({ ...obs('x', 1), rows: { nope: [['x']] } })).toThrow(/nope/);
    expect(() => b.add({ ...obs('x', 1), rows: { observation: [['y', 1, null]] } })).toThrow(
      /observation\.id/,
    );
    expect(() =>
      b.add({ ...obs('x', 1), rows: { observation: [['x', 'p1', '8480-6', 'many', null, null, null]] } }),
    ).toThrow(/observation\.value/);
    expect(() => b.add({ ...obs('x', 1), resourceType: 'Patient' })).toThrow(/holds Observation rows/);
    const p = b.finish();
    expect(p.index[1]).toEqual(['a']);
    expect(p.columns.get('observation')?.[ID]).toEqual(['a']);
  });
});
