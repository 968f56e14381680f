import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFile, replaceFile, replaceFileSync } from './replace-file.ts';

const fresh = () => mkdtempSync(join(tmpdir(), 'ai4h-replace-'));

describe('replaceFile', () => {
  it('replaces the content whole and leaves no temporary file', async () => {
    const dir = fresh();
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    await replaceFile(path, '{"a":1}\n');
    replaceFileSync(join(dir, 'other.json'), 'x');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir).sort()).toEqual(['other.json', 'state.json']);
  });

  it('gives a secret file exactly the mode asked for', async () => {
    const dir = fresh();
    await replaceFile(join(dir, 'a'), 's', { mode: 0o600 });
    replaceFileSync(join(dir, 'b'), 's', { mode: 0o600 });
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'b')).mode & 0o777).toBe(0o600);
  });

  it('ends with one of the contents whole when writes overlap (property)', async () => {
    const dir = fresh();
    const path = join(dir, 'ledger.json');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ maxLength: 2000 }), { minLength: 1, maxLength: 8 }),
        async (texts) => {
          await Promise.all(texts.map((t) => replaceFile(path, t)));
          expect(texts).toContain(readFileSync(path, 'utf8'));
          expect(readdirSync(dir)).toEqual(['ledger.json']);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves what is there and no temporary file when the replace fails', async () => {
    const dir = fresh();
    const target = join(dir, 'is-a-folder');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    await expect(replaceFile(target, 'new')).rejects.toThrow();
    expect(() => replaceFileSync(target, 'new')).toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['is-a-folder']);
  });
});

describe('createFile', () => {
  it('creates the file whole with the mode asked for, and leaves no temporary file', async () => {
    const dir = fresh();
    await createFile(join(dir, 'station.key'), 'secret\n', { mode: 0o600 });
    expect(readFileSync(join(dir, 'station.key'), 'utf8')).toBe('secret\n');
    expect(statSync(join(dir, 'station.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['station.key']);
  });

  it("never overwrites: the second of two creators gets EEXIST and the first one's content stays", async () => {
    const dir = fresh();
    const path = join(dir, 'station.json');
    const outcomes = await Promise.allSettled([createFile(path, 'first'), createFile(path, 'second')]);
    const won = outcomes.flatMap((o, k) => (o.status === 'fulfilled' ? [k] : []));
    expect(won).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as NodeJS.ErrnoException).code).toBe('EEXIST');
    expect(readFileSync(path, 'utf8')).toBe(won[0] === 0 ? 'first' : 'second');
    expect(readdirSync(dir)).toEqual(['station.json']);
  });
});
