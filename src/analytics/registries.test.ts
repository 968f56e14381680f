import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmFolders, algorithmHash } from './algorithm-hash.ts';
import { ALGORITHMS_ROOT } from './algorithm-root.ts';
import { loadCentralRegistry } from './central-registry.ts';
import { loadAlgorithm, loadLocalRegistry } from './local-registry.ts';

/** Every file a module imports, transitively (relative imports only; packages listed by name). */
async function importClosure(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = async (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const src = await readFile(file, 'utf8');
    for (const m of src.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) await visit(resolve(dirname(file), spec));
      else packages.add(spec);
    }
  };
  await visit(entry);
  return { files, packages };
}

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

  it('the hash changes with any source file of the folder and ignores tests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alg-'));
    await cp(join(ALGORITHMS_ROOT, 'glm'), join(dir, 'glm'), { recursive: true });
    const before = await algorithmHash(join(dir, 'glm'));
    expect(before).toBe(await algorithmHash(join(ALGORITHMS_ROOT, 'glm')));
    await writeFile(join(dir, 'glm', 'extra.test.ts'), '// a test');
    expect(await algorithmHash(join(dir, 'glm'))).toBe(before);
    await writeFile(
      join(dir, 'glm', 'central.ts'),
      `${await readFile(join(dir, 'glm', 'central.ts'), 'utf8')}\n`,
    );
    expect(await algorithmHash(join(dir, 'glm'))).not.toBe(before);
    await rm(dir, { recursive: true });
  });

  it('central halves never import a local half, the store, FHIR code or a database driver', async () => {
    const entries = [resolve(ALGORITHMS_ROOT, '..', 'central-registry.ts')];
    for (const folder of await algorithmFolders(ALGORITHMS_ROOT)) entries.push(join(folder, 'central.ts'));
    for (const entry of entries) {
      const { files, packages } = await importClosure(entry);
      for (const f of files) {
        expect(f.endsWith('/local.ts') || f.includes('/store/') || f.includes('/fhir/'), f).toBe(false);
      }
      for (const p of packages) expect(['pg', '@duckdb/node-api', '@electric-sql/pglite']).not.toContain(p);
    }
  });
});
