import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from './import-graph.ts';

describe('importGraph (what decides whether a cached test network template is still current)', () => {
  it('follows static, type, dynamic and re-export imports of project files; not packages or other files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ai4h-import-graph-'));
    try {
      const put = async (path: string, text: string) => {
        await mkdir(join(root, path, '..'), { recursive: true });
        await writeFile(join(root, path), text);
      };
      await put(
        'src/a/entry.ts',
        "import { b } from './b.ts';\nimport type { T } from '../t/types.ts';\nimport pg from 'pg';",
      );
      await put('src/a/b.ts', "export const b = () => import('../c/c.ts');\nexport * from './d.ts';");
      await put('src/c/c.ts', "import data from './data.json' with { type: 'json' };\nexport default data;");
      await put('src/c/data.json', '{}');
      await put('src/a/d.ts', 'export const d = 1;');
      await put('src/t/types.ts', 'export type T = number;');
      await put('src/unrelated.ts', "import { b } from './a/b.ts';");
      const graph = await importGraph([join(root, 'src/a/entry.ts')]);
      expect(graph.map((f) => f.slice(root.length + 1)).sort()).toEqual([
        'src/a/b.ts',
        'src/a/d.ts',
        'src/a/entry.ts',
        'src/c/c.ts',
        'src/c/data.json',
        'src/t/types.ts',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
