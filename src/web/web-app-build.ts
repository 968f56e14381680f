import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web app's sources (React + Vite) and where its build goes (git-ignored). */
export const WEB_APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
export const WEB_APP_DIST = join(WEB_APP_ROOT, 'dist');

/** Written into every build: the hash of the sources it was built from ({@link webAppSourceHash}). */
export const SOURCE_HASH_FILE = '.source-hash';

const PROJECT_ROOT = resolve(WEB_APP_ROOT, '..');

/**
 * The hash of everything a build is made from: the web app (without its build), the project's sources and
 * examples it imports (src/, examples/; tests excluded) and the installed versions (package.json and its
 * lock file). Two builds from the same hash are the same app.
 */
export async function webAppSourceHash(project = PROJECT_ROOT): Promise<string> {
  const files: string[] = [];
  for (const folder of ['web', 'src', 'examples']) {
    const root = join(project, folder);
    if (!existsSync(root)) continue;
    for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!e.isFile() || e.name.endsWith('.test.ts')) continue;
      const path = relative(project, join(e.parentPath, e.name)).split(sep).join('/');
      if (/^web\/(dist|node_modules)\/|^web\/\.|\/node_modules\//.test(path)) continue;
      files.push(path);
    }
  }
  for (const f of ['package.json', 'package-lock.json']) if (existsSync(join(project, f))) files.push(f);
  const hash = createHash('sha256');
  for (const f of files.sort()) {
    const content = await readFile(join(project, f));
    hash.update(`${f}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** The source hash a build in `dir` was made from; undefined when none is there or it does not say. */
export async function builtFrom(dir = WEB_APP_DIST): Promise<string | undefined> {
  if (!webAppBuilt(dir)) return undefined;
  return (await readFile(join(dir, SOURCE_HASH_FILE), 'utf8').catch(() => '')).trim() || undefined;
}

/** Vite is not installed (an install without development dependencies). */
export class WebBuildToolsMissing extends Error {
  constructor() {
    super(
      'the web app is not built and its build tools are missing: run `npm install` (with development dependencies), then start again',
    );
    this.name = 'WebBuildToolsMissing';
  }
}

/** Whether a built web app is in `dir` (its index.html). */
export function webAppBuilt(dir = WEB_APP_DIST): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Builds the web app with Vite into `outDir` (default web/dist): one bundle of the app, React, the router,
 * the query cache, the charts and the NL Design System styles, nothing loaded from elsewhere at run time.
 * Vite is a development dependency: an install without it (`npm ci --omit=dev`) needs a build made before.
 */
export async function buildWebApp(outDir = WEB_APP_DIST): Promise<void> {
  const sourceHash = await webAppSourceHash();
  let vite: typeof import('vite');
  let react: typeof import('@vitejs/plugin-react').default;
  try {
    vite = await import('vite');
    react = (await import('@vitejs/plugin-react')).default;
  } catch {
    throw new WebBuildToolsMissing();
  }
  await vite.build({
    root: WEB_APP_ROOT,
    configFile: false,
    logLevel: 'warn',
    base: '/',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      chunkSizeWarningLimit: 1500,
      rollupOptions: {
        // zod's sources carry comments Rollup cannot place; they change nothing in the bundle.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  });
  await writeFile(join(outDir, SOURCE_HASH_FILE), `${sourceHash}\n`);
  await protect(outDir);
}

/**
 * The build is what the hub sends to every browser: readable by all, writable by its owner only, whatever
 * the umask of the process that built it (folders 0755, files 0644).
 */
async function protect(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    await chmod(join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  }
}

/**
 * Builds the web app into `dist` (default web/dist) unless the build there was made from the current
 * sources (what `npm start` does before it starts, and every browser test before it opens a page); an
 * install without the build tools keeps the build it has, whatever it was made from. The new
 * build is made in a scratch folder beside `dist` and moved into place whole, so a reader never sees half a
 * build; processes starting at the same moment build once (a lock folder beside `dist`), the others wait
 * for that build and use it.
 */
export async function ensureWebAppBuilt(
  log: (line: string) => void = () => {},
  options: { dist?: string; build?: (outDir: string) => Promise<void> } = {},
): Promise<void> {
  const { dist = WEB_APP_DIST, build = buildWebApp } = options;
  const hash = await webAppSourceHash();
  if ((await builtFrom(dist)) === hash) return;
  await withLock(join(dirname(dist), '.dist-lock'), async () => {
    const found = await builtFrom(dist);
    if (found === hash) return;
    log(
      webAppBuilt(dist)
        ? 'The web app changed since it was built; building it again…'
        : 'Building the web app (first start only)…',
    );
    const started = Date.now();
    const work = await mkdtemp(join(dirname(dist), '.dist-build-'));
    const old = `${work}-old`;
    try {
      try {
        await build(work);
      } catch (e) {
        // An install without development dependencies serves the build it was given.
        if (!(e instanceof WebBuildToolsMissing) || !webAppBuilt(dist)) throw e;
        log('The web app build tools are not installed; serving the build that is there.');
        return;
      }
      if (existsSync(dist)) await rename(dist, old);
      await rename(work, dist);
    } finally {
      await rm(work, { recursive: true, force: true });
      await rm(old, { recursive: true, force: true });
    }
    log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/** A lock older than this is from a process that was killed while building. */
const STALE_LOCK_MS = 10 * 60_000;

/** Runs `work` holding `lock` (a folder: `mkdir` is atomic), waiting while another process holds it. */
async function withLock(lock: string, work: () => Promise<void>): Promise<void> {
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
