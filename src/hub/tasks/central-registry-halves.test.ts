import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CentralAlgorithm } from '../../analytics/algorithm.ts';
import type { CentralRegistry } from '../../analytics/central-registry.ts';
import { registryGet } from '../../analytics/registry-get.ts';
import { centralHalvesFromRegistry } from './central-registry-halves.ts';

describe('centralHalvesFromRegistry', () => {
  const count = {
    name: 'count',
    version: '1.2.0',
    description: 'sum of counts',
    inputSchema: z.object({}),
    outputSchema: z.object({ n: z.number() }),
    disclosure: [],
    maxRounds: 1,
    hash: 'e'.repeat(64),
    resultSchema: z.number().int(),
    central: (partials: unknown[]) => ({ done: true as const, result: partials.length }),
  } as unknown as CentralAlgorithm;
  const registry: CentralRegistry = { list: () => [count], get: (n, v, h) => registryGet([count], n, v, h) };
  const halves = centralHalvesFromRegistry(registry);

  it('finds an algorithm by name and version with its hash, rounds and schema', () => {
    const half = halves.get('count', '1.2.0')!;
    expect(half).toMatchObject({ hash: 'e'.repeat(64), maxRounds: 1 });
    expect(half.inputSchema).toBe(count.inputSchema);
    expect(half.central([{ stationId: 's', output: { n: 1 } }], {}, 0)).toEqual({ done: true, result: 1 });
  });

  it('lists every algorithm with its name, version and result schema', () => {
    expect(halves.list().map((a) => [a.name, a.version, a.resultSchema])).toEqual([
      ['count', '1.2.0', count.resultSchema],
    ]);
  });

  it('answers undefined for an unknown name or version', () => {
    expect(halves.get('count', '9.9.9')).toBeUndefined();
    expect(halves.get('nope', '1.0.0')).toBeUndefined();
  });
});
