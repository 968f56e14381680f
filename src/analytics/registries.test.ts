import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmFolders, algorithmHash, importClosure } from './algorithm-hash.ts';
import { ALGORITHMS_ROOT } from './algorithm-root.ts';
import { loadCentralRegistry } from './central-registry.ts';
import { loadAlgorithm, loadLocalRegistry } from './local-registry.ts';

describe('algorithm registries', () => {
  it('the station registry lists every algorithm with a SHA-256 content hash', async () => {
    const reg = await loadLocalRegistry();
    const names = reg.list().map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['glm', 'descriptive', 'validation', 'representativeness']));
    for (const a of reg.list()) expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const central = await loadCentralRegistry();
    for (const a of reg.list()) expect(central.get(a.name, a.version).hash).toBe(a.hash);
  });

  it('refuses an algorithm whose hash differs from the accepted one', async () => {
    const reg = await loadLocalRegistry();
    const glm = reg.get('glm');
    expect(reg.get('glm', glm.version, glm.hash).name).toBe('glm');
    expect(() => reg.get('glm', glm.version, '0'.repeat(64))).toThrow(/hash does not match/);
    expect(() => reg.get('no-such')).toThrow(/no algorithm/);
    const both = await loadAlgorithm('descriptive');
    expect(typeof both.local).toBe('function');
    expect(typeof both.central).toBe('function');
  });

  it('the hash covers the folder and every project file it imports, not tests or packages', async () => {
    // A small project: an algorithm folder that imports a helper, which imports another, and a package.
    const root = await mkdtemp(join(tmpdir(), 'alg-'));
    const file = (path: string, text: string) =>
      mkdir(dirname(join(root, path)), { recursive: true }).then(() => writeFile(join(root, path), text));
    await file('package.json', '{"type": "module"}');
    await file('src/round.ts', 'export const digits = 2;\n');
    await file(
      'src/disclosure.ts',
      "import { digits } from './round.ts';\nexport const cut = (n: number) => n.toFixed(digits);\n",
    );
    await file('src/unused.ts', 'export const nothing = 0;\n');
    const folder = 'src/algorithms/count';
    await file(
      `${folder}/definition.ts`,
      "import type { Big } from '../../types.ts';\nexport const definition = { name: 'count' };\n",
    );
    await file('src/types.ts', 'export type Big = number;\n');
    await file(
      `${folder}/local.ts`,
      "import { cut } from '../../disclosure.ts';\nimport { z } from 'zod';\nexport const local = { run: () => cut(z.number().parse(1)) };\n",
    );
    await file(`${folder}/central.ts`, 'export const central = { combine: () => ({ done: true }) };\n');
    const dir = join(root, folder);
    const before = await algorithmHash(dir);
    expect(await algorithmHash(dir)).toBe(before);
    expect((await importClosure([join(dir, 'local.ts')])).files).toEqual([
      'src/algorithms/count/local.ts',
      'src/disclosure.ts',
      'src/round.ts',
    ]);
    // Tests beside the code, files nobody imports and type-only imports run no code: same hash.
    await file(`${folder}/local.test.ts`, '// a test');
    await file('src/unused.ts', 'export const nothing = 1;\n');
    await file('src/types.ts', 'export type Big = bigint;\n');
    expect(await algorithmHash(dir)).toBe(before);
    // A helper imported two levels down changes it.
    await file('src/round.ts', 'export const digits = 3;\n');
    const changed = await algorithmHash(dir);
    expect(changed).not.toBe(before);
    await file('src/round.ts', 'export const digits = 2;\n');
    expect(await algorithmHash(dir)).toBe(before);
    await file(`${folder}/central.ts`, 'export const central = { combine: () => ({ done: false }) };\n');
    expect(await algorithmHash(dir)).not.toBe(before);
    await rm(root, { recursive: true });
  });

  it('the algorithms pin the shared code they run: disclosure checks, feature SQL, the cohort compiler', async () => {
    const glm = await importClosure(
      ['definition.ts', 'local.ts', 'central.ts'].map((f) => join(ALGORITHMS_ROOT, 'glm', f)),
    );
    expect(glm.files).toEqual(
      expect.arrayContaining([
        'src/analytics/disclosure.ts',
        'src/analytics/features/feature-sql.ts',
        'src/cohort/sql/cohort-sql-compiler.ts',
        'src/store/dialect/sql-compiler.ts',
      ]),
    );
    expect(glm.files.some((f) => f.includes('node_modules'))).toBe(false);
  });

  it('central halves never import a local half, the store, FHIR code or a database driver', async () => {
    const entries = [resolve(ALGORITHMS_ROOT, '..', 'central-registry.ts')];
    for (const folder of await algorithmFolders(ALGORITHMS_ROOT)) entries.push(join(folder, 'central.ts'));
    for (const entry of entries) {
      const { files, packages } = await importClosure([entry]);
      for (const f of files) {
        expect(f.endsWith('/local.ts') || f.includes('/store/') || f.includes('/fhir/'), f).toBe(false);
      }
      for (const p of packages) expect(['pg', '@duckdb/node-api', '@electric-sql/pglite']).not.toContain(p);
    }
  });
});
