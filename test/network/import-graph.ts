import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * The project's files `entries` import, directly or through other files (relative imports: static,
 * dynamic and re-exports), with `entries` themselves.
 */
export async function importGraph(entries: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      queue.push(resolve(dirname(file), m[1]!));
    }
  }
  return [...seen];
}
