import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

/** The nearest folder at or above `from` holding a package.json: where project paths are relative to. */
function projectRoot(from: string): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** What a set of entry files imports, transitively. */
export interface ImportClosure {
  /** Project files, relative to the project root with `/`, sorted (the entry files included). */
  files: string[];
  /** Packages and built-ins imported by those files, by the name they are imported with, sorted. */
  packages: string[];
}

/**
 * What the entry files import, transitively, resolved by esbuild as the runtime (tsx, which runs on
 * esbuild) resolves it: so it is what runs. Type-only imports carry no code and are left out.
 */
export async function importClosure(
  entries: readonly string[],
  root = projectRoot(entries[0] ?? '.'),
): Promise<ImportClosure> {
  const result = await build({
    entryPoints: [...entries],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outdir: 'closure',
    logLevel: 'silent',
  });
  const inputs = Object.entries(result.metafile.inputs);
  const packages = new Set(inputs.flatMap(([, i]) => i.imports.filter((m) => m.external).map((m) => m.path)));
  return {
    files: inputs.map(([p]) => p.split(sep).join('/')).sort(),
    packages: [...packages].sort(),
  };
}

/**
 * Content hash of an algorithm: SHA-256 over its folder's non-test `.ts` files and every project file
 * they import, transitively (shared helpers, the disclosure checks, feature SQL, the cohort compiler…),
 * in path order, each as `path\0content\0` with the path relative to the project root. The hub and the
 * stations compute it from the same source, so a station accepts exactly the code it reviewed, helpers
 * included.
 */
export async function algorithmHash(folder: string): Promise<string> {
  const root = projectRoot(folder);
  const own = (await readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts'))
    .map((d) => join(folder, d.name));
  const files = new Set([
    ...own.map((f) => relative(root, f).split(sep).join('/')),
    ...(await importClosure(own, root)).files,
  ]);
  const h = createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(f);
    h.update('\0');
    h.update(await readFile(join(root, f)));
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
