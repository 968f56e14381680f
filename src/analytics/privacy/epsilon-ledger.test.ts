import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonFileEpsilonLedger, MemoryEpsilonLedger } from './epsilon-ledger.ts';

describe.each([
  ['memory', async () => ({ ledger: new MemoryEpsilonLedger(), done: async () => {} })],
  [
    'json file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'eps-'));
      return {
        ledger: new JsonFileEpsilonLedger(join(dir, 'ledger.json')),
        done: () => rm(dir, { recursive: true }),
      };
    },
  ],
])('%s epsilon ledger', (_, make) => {
  it('refuses a spend beyond the budget and keeps permits apart', async () => {
    const { ledger, done } = await make();
    await ledger.spend('p1', 0.4, 1, 'a');
    await ledger.spend('p1', 0.6, 1, 'b');
    await expect(ledger.spend('p1', 0.01, 1, 'c')).rejects.toMatchObject({
      details: { reason: 'budget-exhausted' },
    });
    await ledger.spend('p2', 1, 1, 'a');
    expect(await ledger.spent('p1')).toBeCloseTo(1, 12);
    await expect(ledger.spend('p3', -1, 1, 'x')).rejects.toMatchObject({ code: 'badInput' });
    await done();
  });

  it('never lets concurrent spends exceed the budget (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0.01, max: 0.5, noNaN: true }), { maxLength: 12 }),
        async (spends) => {
          const { ledger, done } = await make();
          await Promise.allSettled(spends.map((e, k) => ledger.spend('p', e, 1, `s${k}`)));
          expect(await ledger.spent('p')).toBeLessThanOrEqual(1 + 1e-9);
          await done();
        },
      ),
      { numRuns: 15 },
    );
  });
});

it('the JSON ledger survives a restart', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'eps-'));
  const path = join(dir, 'ledger.json');
  await new JsonFileEpsilonLedger(path).spend('p', 0.7, 1, 'first');
  const reopened = new JsonFileEpsilonLedger(path);
  expect(await reopened.spent('p')).toBeCloseTo(0.7, 12);
  await expect(reopened.spend('p', 0.5, 1, 'second')).rejects.toMatchObject({ code: 'forbidden' });
  expect(JSON.parse(await readFile(path, 'utf8'))).toHaveLength(1);
  await rm(dir, { recursive: true });
});
