import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Content hash of an algorithm: SHA-256 over its folder's non-test `.ts` files in name order, each as
 * `name\0content\0`. The hub and the stations compute it from the same source, so a station accepts
 * exactly the code it reviewed.
 */
export async function algorithmHash(folder: string): Promise<string> {
  const files = (await readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts'))
    .map((d) => d.name)
    .sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f);
    h.update('\0');
    h.update(await readFile(join(folder, f)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Folders under `root` (depth 1 or 2) holding a `definition.ts`: one per algorithm. */
export async function algorithmFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (depth > 0 && entries.some((e) => e.isFile() && e.name === 'definition.ts')) {
      out.push(dir);
      return;
    }
    if (depth >= 2) return;
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name), depth + 1);
  };
  await walk(root, 0);
  return out.sort();
}
