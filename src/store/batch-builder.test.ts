import { describe, expect, it } from 'vitest';
import { BatchBuilder, prepareBatch } from './batch-builder.ts';
import type { BatchResource } from './station-store.ts';
import type { TableSpec } from './table-spec.ts';

const tables: TableSpec[] = [
  {
    name: 'observation',
    resourceType: 'Observation',
    columns: [
      { name: 'id', type: 'id' },
      { name: 'value', type: 'decimal' },
      { name: 'effective_time', type: 'dateTime' },
    ],
  },
];

const obs = (id: string, value: number, extra: Partial<BatchResource> = {}): BatchResource => ({
  resourceType: 'Observation',
  id,
  contentHash: `${id}-${value}`,
  rows: { observation: [[id, value, '2024-01-02T10:00:00Z']] },
  ...extra,
});

describe('BatchBuilder', () => {
  it('collects rows column by column, normalised', () => {
    const p = prepareBatch(tables, [obs('a', 1), obs('b', 2)]);
    expect(p.columns.get('observation')).toEqual([
      ['a', 'b'],
      [1, 2],
      ['2024-01-02 10:00:00.000', '2024-01-02 10:00:00.000'],
    ]);
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
    expect(p.index[5]).toEqual(['a-1', 'b-2', 'c-1']);
    expect(p.columns.get('observation')?.[0]).toEqual(['a', 'b', 'c']);
    expect(p.columns.get('observation')?.[1]).toEqual([1, 2, 1]);
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
    expect(() => b.add({ ...obs('x', 1), rows: { observation: [['x', 'many', null]] } })).toThrow(
      /observation\.value/,
    );
    expect(() => b.add({ ...obs('x', 1), resourceType: 'Patient' })).toThrow(/holds Observation rows/);
    const p = b.finish();
    expect(p.index[1]).toEqual(['a']);
    expect(p.columns.get('observation')?.[0]).toEqual(['a']);
  });
});
