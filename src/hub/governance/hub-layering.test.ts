import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, '../..');

/** Every source file reachable from `entries` through relative imports (type imports included). */
function reach(entries: string[]): string[] {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(
      /(?:^|\n)\s*(?:import|export)\s(?:[^'"]*?from\s+)?'(\.[^']+)'/g,
    ))
      todo.push(join(dirname(file), m[1]!));
  }
  return [...seen].map((f) => relative(src, f));
}

describe('the hub’s governance routes', () => {
  it('reach no station, store driver, FHIR or generator code (the hub never touches patient tables)', () => {
    const entries = readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(here, f));
    const files = reach(entries);
    expect(files.some((f) => f.startsWith('governance/'))).toBe(true);
    // SQL dialect descriptions (reached through the algorithm interface) are not a store.
    const drivers = files.filter((f) => /^store\//.test(f) && !/^store\/(dialect\/|table-spec\.ts)/.test(f));
    expect(drivers).toEqual([]);
    expect(files.filter((f) => /^(station|fhir|synth)\//.test(f))).toEqual([]);
  });
});
