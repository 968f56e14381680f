import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { conflict } from '../../common/app-error.ts';
import { installErrorHandler } from './error-handler.ts';

describe('error handler', () => {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/conflict', async () => {
    throw conflict('request is already approved', 'id');
  });
  app.get('/bug', async () => {
    throw new Error('secret detail from a driver');
  });
  app.post('/json', async () => ({ ok: true }));

  it('maps an AppError to its status and {error, message, where}', async () => {
    const r = await app.inject({ method: 'GET', url: '/conflict' });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toEqual({ error: 'conflict', message: 'request is already approved', where: 'id' });
  });

  it('answers anything unexpected with a plain 500 that reveals nothing', async () => {
    const r = await app.inject({ method: 'GET', url: '/bug' });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain('secret');
    expect(r.json().error).toBe('internal');
  });

  it("keeps Fastify's client errors as 4xx (malformed JSON) and unknown routes as 404", async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/json',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toBe('badInput');
    expect((await app.inject({ method: 'GET', url: '/nope?x=1' })).json()).toMatchObject({
      error: 'notFound',
    });
  });
});
