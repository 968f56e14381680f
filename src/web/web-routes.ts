import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WEB_APP_DIST, webAppBuilt } from './web-app-build.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  type: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Hidden files (the build's source hash) are not part of the app.
  return entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(e.parentPath, e.name));
}

/** Reads the built files once and compresses the text ones (brotli and gzip), so each request only sends. */
async function loadAssets(dist: string): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const file of await filesUnder(dist)) {
    const path = `/${relative(dist, file).split(sep).join('/')}`;
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const raw = await readFile(file);
    const text = /text|javascript|json|svg/.test(type) && raw.length > 1024;
    assets.set(path, {
      type,
      raw,
      ...(text
        ? {
            gzip: gzipSync(raw, { level: 9 }),
            br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
          }
        : {}),
    });
  }
  return assets;
}

function send(req: FastifyRequest, reply: FastifyReply, asset: Asset, cache: string) {
  const accept = String(req.headers['accept-encoding'] ?? '');
  reply.header('content-type', asset.type).header('cache-control', cache).header('vary', 'accept-encoding');
  if (asset.br && /\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(asset.br);
  if (asset.gzip && /\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.raw);
}

const NOT_BUILT = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>AI4Health</title></head>
<body><main><h1>AI4Health</h1>
<p lang="nl">De webapplicatie is nog niet gebouwd. Start het platform met <code>npm start</code> (bouwt haar) of bouw haar met <code>npm run build:web</code>.</p>
<p lang="en">The web app is not built yet. Start the platform with <code>npm start</code> (builds it) or build it with <code>npm run build:web</code>.</p>
<p>REST API: <a href="/openapi.json">/openapi.json</a></p></main></body></html>`;

/**
 * Serves the web app (the Vite build in web/dist) from the hub: hashed files under /assets/ (cached for
 * good), and index.html for every other page address (the app's router takes over in the browser).
 * Addresses under /api/ that no route answers stay the API's 404. The app talks only to the REST API.
 */
export async function registerWebUi(app: FastifyInstance, options: { dist?: string } = {}): Promise<void> {
  const dist = options.dist ?? WEB_APP_DIST;
  const assets = webAppBuilt(dist) ? await loadAssets(dist) : new Map<string, Asset>();
  const index = assets.get('/index.html') ?? { type: TYPES['.html']!, raw: Buffer.from(NOT_BUILT) };
  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api') return reply.callNotFound();
    const asset = assets.get(path);
    if (asset && path !== '/index.html') {
      return send(
        req,
        reply,
        asset,
        path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    }
    // A file name that is not there is a 404; a page address is the app.
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return send(req, reply, index, 'no-cache');
  });
}
