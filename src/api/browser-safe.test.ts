import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, '..');

/** Every file the module graph of `entry` reaches, with the bare modules it imports. */
function graph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?from\s+)?'([^']+)'/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) todo.push(join(dirname(file), spec));
      else packages.add(spec);
    }
  }
  return { files: files.map((f) => relative(src, f)), packages };
}

/**
 * The web UI runs the API contract and its client in the browser: nothing it reaches may need Node
 * (`tsconfig.browser.json` type-checks the same files without Node's types).
 */
describe('the API contract in a browser', () => {
  const { files, packages } = graph(join(here, 'index.ts'));

  it('imports no Node module and no package but zod', () => {
    expect([...packages]).toEqual(['zod']);
    expect(files.every((f) => /^(api|common|protocol)\//.test(f))).toBe(true);
    expect(files).not.toContain('protocol/signing.ts');
  });

  it('uses no Node global', () => {
    for (const f of files) {
      const code = readFileSync(join(src, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, f).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
    }
  });
});
