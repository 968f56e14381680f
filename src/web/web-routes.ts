import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
} as const;

/**
 * Serves the web UI (static files, no build step) from the hub: `/` and `/ui/*`. The UI talks only to
 * the public REST API, like any other client.
 */
export async function registerWebUi(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, string>();
  for (const name of Object.keys(FILES)) cache.set(name, await readFile(join(PUBLIC, name), 'utf8'));
  const send = (name: keyof typeof FILES) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('content-type', FILES[name]).header('cache-control', 'no-cache').send(cache.get(name));
  app.get('/', send('index.html'));
  for (const name of Object.keys(FILES) as (keyof typeof FILES)[]) {
    app.get(`/ui/${name}`, send(name));
  }
}
