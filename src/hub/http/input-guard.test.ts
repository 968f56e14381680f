import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler.ts';
import {
  badText,
  frameworkErrors,
  inputTextIssues,
  installInputGuard,
  jsonTextDepth,
  MAX_JSON_DEPTH,
} from './input-guard.ts';

async function app() {
  const a = Fastify({ bodyLimit: 1024 * 1024, frameworkErrors });
  installErrorHandler(a);
  installInputGuard(a);
  a.post('/echo/:id', async (request) => ({ ok: true, body: request.body }));
  await a.ready();
  return a;
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('input guard', () => {
  it('tells NUL and lone surrogates from well-formed text', () => {
    expect(badText('Jansen')).toBeUndefined();
    expect(badText('emoji 😀 and ë')).toBeUndefined();
    expect(badText('a\u0000b')).toMatch(/NUL/);
    expect(badText('\uD800')).toMatch(/surrogate/);
    expect(badText('x\uDC00')).toMatch(/surrogate/);
    expect(badText('\uDE00\uD83D')).toMatch(/surrogate/);
  });

  it('counts JSON depth without parsing, ignoring brackets in strings', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[["}]}')).toBe(3);
    expect(jsonTextDepth('"\\"[["')).toBe(0);
    expect(jsonTextDepth(nested(100_000), 64)).toBe(65);
  });

  it('names the path of every bad string and field name', () => {
    const issues = inputTextIssues({ title: 'a\u0000', list: ['ok', '\uD800'], 'k\u0000': 1 }, 'body');
    expect(issues.map((i) => i.path)).toEqual(['body', 'body.title', 'body.list[1]']);
  });

  it('refuses NUL and lone surrogates in body, query and URL parameters with a 400 naming the field', async () => {
    const a = await app();
    const body = await a.inject({ method: 'POST', url: '/echo/1', payload: { title: 'x\u0000y' } });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ error: 'badInput', where: 'body.title' });
    const surrogate = await a.inject({
      method: 'POST',
      url: '/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: '{"nested":{"d":["\\ud800"]}}',
    });
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json()).toMatchObject({ where: 'body.nested.d[0]' });
    const param = await a.inject({ method: 'POST', url: '/echo/run%00x', payload: {} });
    expect(param.statusCode).toBe(400);
    expect(param.json()).toMatchObject({ where: 'params.id' });
    const query = await a.inject({ method: 'POST', url: '/echo/1?q=%00', payload: {} });
    expect(query.json()).toMatchObject({ where: 'query.q' });
    const notUtf8 = await a.inject({ method: 'POST', url: '/echo/%ED%A0%80', payload: {} });
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json()).toEqual({
      error: 'badInput',
      message: 'the URL is not valid: its percent-encoding is not UTF-8 text',
      where: 'url',
    });
    const long = await a.inject({ method: 'POST', url: `/echo/${'x'.repeat(5000)}`, payload: {} });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ error: 'badInput', where: 'url' });
    const fine = await a.inject({ method: 'POST', url: '/echo/1?q=ë', payload: { t: 'Zoë 😀' } });
    expect(fine.statusCode).toBe(200);
    await a.close();
  });

  it('refuses JSON nested 10,000 deep with a 400 before it is parsed, and accepts the allowed depth', async () => {
    const a = await app();
    const deep = await a.inject({
      method: 'POST',
      url: '/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: nested(10_000),
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json()).toMatchObject({ error: 'badInput', where: 'body' });
    expect(deep.json().message).toMatch(/nested deeper than 64/);
    const ok = await a.inject({
      method: 'POST',
      url: '/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: nested(MAX_JSON_DEPTH),
    });
    expect(ok.statusCode).toBe(200);
    await a.close();
  });

  it('keeps the usual JSON protections and limits: bad JSON, prototype poisoning, size', async () => {
    const a = await app();
    const bad = await a.inject({
      method: 'POST',
      url: '/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(bad.statusCode).toBe(400);
    const proto = await a.inject({
      method: 'POST',
      url: '/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{"admin":true}}',
    });
    expect(proto.statusCode).toBe(400);
    const big = await a.inject({
      method: 'POST',
      url: '/echo/1',
      payload: { pad: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    await a.close();
  });
});
