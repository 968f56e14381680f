import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonKeepingDecimals } from '../decimal-text.ts';
import { readFhirFiles } from '../read-fhir-files.ts';
import { compileView, compileViewRows } from './compile-view.ts';
import {
  needsDecimalPrecision,
  viewNeedsDecimalPrecision,
  withDecimalPrecision,
} from './decimal-precision.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { runView } from './run-view.ts';

const boundaries = parseViewDefinition({
  resource: 'Observation',
  select: [
    {
      column: [
        { name: 'id', path: 'id' },
        { name: 'value', path: 'value.ofType(Quantity).value', type: 'decimal' },
        { name: 'low', path: 'value.ofType(Quantity).value.lowBoundary()', type: 'decimal' },
        { name: 'high', path: 'value.ofType(Quantity).value.highBoundary()', type: 'decimal' },
      ],
    },
  ],
});
const plain = parseViewDefinition({
  resource: 'Observation',
  select: [{ column: [{ name: 'value', path: 'value.ofType(Quantity).value', type: 'decimal' }] }],
});

const line =
  '{"resourceType":"Observation","id":"o1","status":"final","code":{},"valueQuantity":{"value":1.0}}';
const want = [{ id: 'o1', value: 1, low: 0.95, high: 1.05 }];

const dir = mkdtempSync(join(tmpdir(), 'ai4h-decimal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decimal precision in views', () => {
  it('knows which expressions and views depend on how a decimal was written', () => {
    expect(needsDecimalPrecision('value.lowBoundary()')).toBe(true);
    expect(needsDecimalPrecision('value.precision() > 2')).toBe(true);
    expect(needsDecimalPrecision("value.ofType(Quantity).where(unit = 'lowBoundary').value")).toBe(false);
    expect(viewNeedsDecimalPrecision(boundaries)).toBe(true);
    expect(viewNeedsDecimalPrecision(plain)).toBe(false);
  });

  it('gives the boundaries of 1.0 on the engine, compiled and compiled-rows paths', () => {
    const r = parseJsonKeepingDecimals(line) as Record<string, unknown>;
    expect(runView(boundaries, [r])).toEqual(want);
    expect(compileView(boundaries)(r)).toEqual(want);
    expect(compileViewRows(boundaries)(r)).toEqual([['o1', 1, 0.95, 1.05]]);
    // Read without the texts, 1.0 is 1: its boundaries are those of an integer.
    expect(runView(boundaries, [JSON.parse(line)])[0]).toMatchObject({ low: 0.5, high: 1.5 });
  });

  it('hands the engine decimals without changing the resource, and unmarked values as they are', () => {
    const r = parseJsonKeepingDecimals(line) as { valueQuantity: { value: unknown } };
    const precise = withDecimalPrecision(r);
    expect(precise).not.toBe(r);
    expect(r.valueQuantity.value).toBe(1);
    const unmarked = JSON.parse(line);
    expect(withDecimalPrecision(unmarked)).toBe(unmarked);
  });

  it('reads the written decimals from files only when asked (readFhirFiles decimalText)', async () => {
    const path = join(dir, 'obs.ndjson');
    writeFileSync(path, `${line}\n`);
    const read = async (decimalText: boolean) => {
      const out: Record<string, unknown>[] = [];
      for await (const item of readFhirFiles([path], { decimalText }))
        if (item.resource) out.push(item.resource);
      return out;
    };
    expect(runView(boundaries, await read(true))).toEqual(want);
    expect(runView(boundaries, await read(false))[0]).toMatchObject({ low: 0.5 });
  });
});
