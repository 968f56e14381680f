import { existsSync } from 'node:fs';
import { chmod, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web app's sources (React + Vite) and where its build goes (git-ignored). */
export const WEB_APP_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
export const WEB_APP_DIST = join(WEB_APP_ROOT, 'dist');

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
  let vite: typeof import('vite');
  let react: typeof import('@vitejs/plugin-react').default;
  try {
    vite = await import('vite');
    react = (await import('@vitejs/plugin-react')).default;
  } catch {
    throw new Error(
      'the web app is not built and its build tools are missing: run `npm install` (with development dependencies), then start again',
    );
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

/** Builds the web app when no build is there (what `npm start` does on its first start). */
export async function ensureWebAppBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (webAppBuilt()) return;
  log('Building the web app (first start only)…');
  const started = Date.now();
  await buildWebApp();
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
