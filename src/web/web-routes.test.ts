import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusalReasonTexts } from '../common/index.ts';
import { registerWebUi } from './web-routes.ts';

describe('web app routes', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'ai4h-web-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(
      join(dist, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-1.js"></script>',
    );
    await writeFile(join(dist, 'assets', 'app-1.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  const app = async (options: { dist: string }) => {
    const fastify = Fastify();
    fastify.get('/api/health', async () => ({ ok: true }));
    await registerWebUi(fastify, options);
    return fastify;
  };

  it('serves the app for every page address, its hashed files compressed and cached, and leaves /api to the API', async () => {
    const f = await app({ dist });
    for (const url of ['/', '/catalogue', '/runs/abc?x=1']) {
      const page = await f.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).toContain('/assets/app-1.js');
    }
    const js = await f.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(gunzipSync(js.rawPayload).toString()).toContain('console.log');
    const br = await f.inject({
      method: 'GET',
      url: '/assets/app-1.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect((await f.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    expect((await f.inject({ method: 'GET', url: '/secret.txt' })).statusCode).toBe(404);
    expect((await f.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
    expect((await f.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ ok: true });
    await f.close();
  });

  it('says how to build the app when no build is there', async () => {
    const f = await app({ dist: join(dist, 'none') });
    const page = await f.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build:web');
    await f.close();
  });

  it('has every refusal reason in Dutch and English', () => {
    for (const [reason, t] of Object.entries(RefusalReasonTexts)) {
      expect(t.nl.length, reason).toBeGreaterThan(10);
      expect(t.en.length, reason).toBeGreaterThan(10);
      expect(t.nl, reason).not.toBe(t.en);
    }
  });
});
