import http from 'node:http';
import https from 'node:https';
import {
  fetchTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../api/api-client.ts';

// Connections are kept open between requests (idle ones do not keep a process alive).
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/**
 * Requests through node:http(s) with keep-alive connections. A station's poll, its result and a
 * client's run request cost a fraction of the CPU they cost through `fetch` (measured: about 0.3 ms
 * of client and server CPU per request on loopback instead of 1.3-1.8 ms). A request that fails on a
 * kept-alive connection before any answer (the server had just closed it) is sent once more on a new
 * one; redirects are left to `fetch`.
 */
export function nodeTransport(): Transport {
  const send = (url: URL, request: TransportRequest, fresh: boolean): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const agent = agents[url.protocol as keyof typeof agents];
      if (!agent) {
        reject(new TypeError(`unsupported protocol ${url.protocol}`));
        return;
      }
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
      const req = lib.request(
        url,
        {
          method: request.method,
          headers,
          agent: fresh ? false : agent,
          ...(request.signal ? { signal: request.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 300 && status < 400 && res.headers.location) {
              // Rare (a proxy in front of the hub): let fetch follow it as it would have.
              void fetchTransport(fetch)(url, request).then(resolve, reject);
              return;
            }
            resolve({ status, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.on('error', (e) => {
        if (!fresh && req.reusedSocket && !request.signal?.aborted && isConnectionReset(e)) {
          send(url, request, true).then(resolve, reject);
        } else reject(e);
      });
      req.end(request.body);
    });
  return (url, request) => send(url, request, false);
}

function isConnectionReset(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
