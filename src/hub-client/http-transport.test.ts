import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTransport } from './http-transport.ts';

describe('node transport', () => {
  let server: http.Server;
  let base: string;
  const perSocket = new WeakMap<object, number>();
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (req.url === '/drop-reused' && n > 1) {
        // As if the server had closed the kept-alive connection just as the request went out.
        req.socket.destroy();
        return;
      }
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/echo' }).end();
        return;
      }
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, body, request: n }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = nodeTransport();

  it('keeps the connection and sends bodies', async () => {
    const a = await send(new URL(`${base}/echo`), { method: 'POST', headers: {}, body: '{"x":1}' });
    const b = await send(new URL(`${base}/echo`), { method: 'GET', headers: {} });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text)).toMatchObject({ method: 'POST', body: '{"x":1}' });
    expect(JSON.parse(b.text).request).toBe(2); // the second request on the same connection
  });

  it('sends a request again on a new connection when a kept-alive one was closed under it', async () => {
    await send(new URL(`${base}/drop-reused`), { method: 'GET', headers: {} });
    const again = await send(new URL(`${base}/drop-reused`), { method: 'POST', headers: {}, body: 'r' });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text)).toMatchObject({ body: 'r', request: 1 });
  });

  it('follows a redirect as fetch would', async () => {
    const r = await send(new URL(`${base}/moved`), { method: 'GET', headers: {} });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ method: 'GET' });
  });
});
