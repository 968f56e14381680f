import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  builtFrom,
  ensureWebAppBuilt,
  SOURCE_HASH_FILE,
  WebBuildToolsMissing,
  webAppSourceHash,
} from './web-app-build.ts';
import { registerWebUi } from './web-routes.ts';

/**
 * The decision to build or reuse, with a stand-in for Vite that writes what a build writes (index.html and
 * the source hash) and counts its calls; the real build is checked by the browser tests, which use it.
 */
describe('ensureWebAppBuilt', () => {
  let root: string;
  let dist: string;
  let builds: number;
  const build = async (outDir: string) => {
    builds += 1;
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'index.html'), `<!doctype html><title>build ${builds}</title>`);
    await writeFile(join(outDir, SOURCE_HASH_FILE), `${await webAppSourceHash()}\n`);
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ai4h-web-build-'));
    dist = join(root, 'dist');
    builds = 0;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('builds when nothing is there, then reuses the build while the sources stay the same', async () => {
    const lines: string[] = [];
    await ensureWebAppBuilt((l) => lines.push(l), { dist, build });
    expect(builds).toBe(1);
    expect(await builtFrom(dist)).toBe(await webAppSourceHash());
    expect(lines[0]).toMatch(/Building the web app/);
    await ensureWebAppBuilt(() => {}, { dist, build });
    expect(builds).toBe(1);
    expect(await readFile(join(dist, 'index.html'), 'utf8')).toContain('build 1');
  });

  it('builds again when the build there was made from other sources, or does not say from which', async () => {
    await ensureWebAppBuilt(() => {}, { dist, build });
    await writeFile(join(dist, SOURCE_HASH_FILE), 'f'.repeat(64));
    const lines: string[] = [];
    await ensureWebAppBuilt((l) => lines.push(l), { dist, build });
    expect(builds).toBe(2);
    expect(lines[0]).toMatch(/changed since it was built/);
    expect(await readFile(join(dist, 'index.html'), 'utf8')).toContain('build 2');
    await rm(join(dist, SOURCE_HASH_FILE));
    expect(await builtFrom(dist)).toBeUndefined();
    await ensureWebAppBuilt(() => {}, { dist, build });
    expect(builds).toBe(3);
    // Nothing of the scratch folders or the lock is left beside the build.
    expect(await readdir(root)).toEqual(['dist']);
  });

  it('builds once when several processes ask at the same moment; all of them find the build', async () => {
    await Promise.all([1, 2, 3].map(() => ensureWebAppBuilt(() => {}, { dist, build })));
    expect(builds).toBe(1);
    expect(await builtFrom(dist)).toBe(await webAppSourceHash());
  });

  it('keeps the old build when a new one fails', async () => {
    await ensureWebAppBuilt(() => {}, { dist, build });
    await writeFile(join(dist, SOURCE_HASH_FILE), 'f'.repeat(64));
    const failing = async () => {
      throw new Error('vite failed');
    };
    await expect(ensureWebAppBuilt(() => {}, { dist, build: failing })).rejects.toThrow('vite failed');
    expect(await readFile(join(dist, 'index.html'), 'utf8')).toContain('build 1');
    expect(await readdir(root)).toEqual(['dist']);
  });

  it('without the build tools, keeps a build from other sources; with no build at all, says what to install', async () => {
    const noVite = async () => {
      throw new WebBuildToolsMissing();
    };
    await expect(ensureWebAppBuilt(() => {}, { dist, build: noVite })).rejects.toThrow(/npm install/);
    await ensureWebAppBuilt(() => {}, { dist, build });
    await writeFile(join(dist, SOURCE_HASH_FILE), 'f'.repeat(64));
    const lines: string[] = [];
    await ensureWebAppBuilt((l) => lines.push(l), { dist, build: noVite });
    expect(lines.at(-1)).toMatch(/build tools are not installed; serving the build that is there/);
    expect(await readFile(join(dist, 'index.html'), 'utf8')).toContain('build 1');
    expect(await readdir(root)).toEqual(['dist']);
  });

  it('does not serve the source hash (a hidden file is not part of the app)', async () => {
    await ensureWebAppBuilt(() => {}, { dist, build });
    expect(existsSync(join(dist, SOURCE_HASH_FILE))).toBe(true);
    const app = Fastify();
    await registerWebUi(app, { dist });
    // Its address is no file of the app, so the app's page answers it.
    const hidden = await app.inject({ url: `/${SOURCE_HASH_FILE}` });
    expect(hidden.body).not.toContain(await webAppSourceHash());
    expect(hidden.body).toContain('build 1');
    expect((await app.inject({ url: '/' })).body).toContain('build 1');
    await app.close();
  });
});

describe('webAppSourceHash', () => {
  it('changes with the app, the sources it imports and the lock file; not with the build or tests', async () => {
    const project = await mkdtemp(join(tmpdir(), 'ai4h-web-hash-'));
    try {
      const put = async (path: string, text: string) => {
        await mkdir(join(project, path, '..'), { recursive: true });
        await writeFile(join(project, path), text);
      };
      await put('web/index.html', '<div id="root"></div>');
      await put('web/src/main.tsx', 'render()');
      await put('src/api/index.ts', 'export const a = 1;');
      await put('examples/cohorts/a.json', '{}');
      await put('package-lock.json', '{"v":1}');
      const first = await webAppSourceHash(project);
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(await webAppSourceHash(project)).toBe(first);
      // Not part of what a build is made from: the build itself, scratch folders, tests.
      await put('web/dist/index.html', 'built');
      await put('web/.dist-build-x/index.html', 'half built');
      await put('src/api/index.test.ts', 'test()');
      expect(await webAppSourceHash(project)).toBe(first);
      const changes: [string, string][] = [
        ['web/src/main.tsx', 'render(2)'],
        ['src/api/index.ts', 'export const a = 2;'],
        ['examples/cohorts/a.json', '{"b":1}'],
        ['package-lock.json', '{"v":2}'],
        ['web/src/new-page.tsx', 'page()'],
      ];
      const seen = new Set([first]);
      for (const [path, text] of changes) {
        await put(path, text);
        const next = await webAppSourceHash(project);
        expect(seen.has(next), path).toBe(false);
        seen.add(next);
      }
      // A file moved (same content, other name) is another app.
      await rm(join(project, 'web/src/new-page.tsx'));
      await put('web/src/other-page.tsx', 'page()');
      expect(seen.has(await webAppSourceHash(project))).toBe(false);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
