import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string) => JSON.parse(readFileSync(resolve(ROOT, file), 'utf8'));

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

/**
 * The Node.js versions package.json declares are the ones every installed package supports: `npm ci`
 * on any of them prints no EBADENGINE warning, and nothing installed needs a newer Node.js than we say.
 */
describe('declared Node.js engine', () => {
  const declared = readJson('package.json').engines.node as string;
  const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };

  it('is supported by every package in the lock file', () => {
    expect(semver.validRange(declared)).not.toBeNull();
    const unsupported = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!node || semver.subset(declared, node)) return [];
        return [`${path.replace(/^.*node_modules\//, '')}@${entry.version}: node ${node}`];
      });
    expect(unsupported).toEqual([]);
    expect(lock.packages['']?.engines).toEqual({ node: declared });
  });

  it('runs fastify inject with cookies on the cookie version its engine range allows', async () => {
    // light-my-request (fastify's inject) gets cookie 1.x by an override: cookie 2 needs Node.js 22.
    const cookie =
      lock.packages['node_modules/light-my-request/node_modules/cookie'] ??
      lock.packages['node_modules/cookie'];
    expect(cookie?.version).toMatch(/^1\./);
    const app = Fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie ?? null }));
    const res = await app.inject({ method: 'GET', url: '/', cookies: { session: 'a b', lang: 'nl' } });
    expect(res.json()).toEqual({ cookie: 'session=a%20b; lang=nl' });
    await app.close();
  });
});
