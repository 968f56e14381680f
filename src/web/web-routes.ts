import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RefusalReasonTexts } from '../common/index.ts';

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), 'public');
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'count-format.js': 'text/javascript; charset=utf-8',
  'i18n.js': 'text/javascript; charset=utf-8',
  'styles.css': 'text/css; charset=utf-8',
} as const;
const JS = 'text/javascript; charset=utf-8';

/**
 * Serves the web UI (static files, no build step) from the hub: `/` and `/ui/*`. The UI talks only to
 * the public REST API, like any other client. The texts of the refusal reasons come from their one
 * definition (src/common/refusal-reasons.ts) as a module of their own.
 */
export async function registerWebUi(app: FastifyInstance): Promise<void> {
  const cache = new Map<string, string>();
  for (const name of Object.keys(FILES)) cache.set(name, await readFile(join(PUBLIC, name), 'utf8'));
  const send = (name: keyof typeof FILES) => async (_req: unknown, reply: FastifyReply) =>
    reply.header('content-type', FILES[name]).header('cache-control', 'no-cache').send(cache.get(name));
  app.get('/', send('index.html'));
  for (const name of Object.keys(FILES) as (keyof typeof FILES)[]) app.get(`/ui/${name}`, send(name));
  const reasons = `// Generated from src/common/refusal-reasons.ts.\nexport const refusalReasons = ${JSON.stringify(RefusalReasonTexts)};\n`;
  app.get('/ui/refusal-reasons.js', async (_req, reply) =>
    reply.header('content-type', JS).header('cache-control', 'no-cache').send(reasons),
  );
}
