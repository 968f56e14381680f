import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBodySchema } from '../../api/error-body.ts';
import type { HubDb } from '../db/hub-db.ts';
import { openPgliteHubDb } from '../db/pglite-hub-db.ts';
import { checkResponses } from './contract-check.ts';
import { type HubFixture, startHubFixture } from './hub-fixture.ts';
import { arbitraryOf, encodeAny, unicodeText } from './schema-arbitrary.ts';

type Json = Record<string, unknown>;

interface Operation {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
  pathParams: string[];
  query: { name: string; schema: unknown }[];
  body?: unknown;
}

/** Every operation of the OpenAPI document, so a route added to the contract is covered here at once. */
function operationsOf(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as { name: string; in: string; schema: unknown }[];
      const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      out.push({
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        operationId: String(op.operationId),
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        ...(body ? { body: body['application/json']?.schema } : {}),
      });
    }
  }
  return out;
}

/** How a body travels: as made, nested 10,000 deep, or with numbers JSON allows and JavaScript cannot hold. */
const bodyForms = ['plain', 'deep', 'huge-number', 'long-digits'] as const;

function bodyText(value: unknown, form: (typeof bodyForms)[number]): string {
  const text = JSON.stringify(value) ?? 'null';
  switch (form) {
    case 'plain':
      return text;
    case 'deep':
      return `${'{"a":['.repeat(5000)}${text}${']}'.repeat(5000)}`;
    case 'huge-number':
      return text.startsWith('{') && text !== '{}' ? `{"n":1e400,${text.slice(1)}` : '1e400';
    case 'long-digits':
      return text.startsWith('{') && text !== '{}' ? `{"n":${'9'.repeat(400)},${text.slice(1)}` : '-1e-400';
  }
}

/**
 * Random Unicode (NUL, lone surrogates, huge and long strings), edgy and huge numbers, unknown fields and
 * JSON nested 10,000 deep, sent to every route of the OpenAPI document, signed out and as users and a
 * station: the hub answers every one with a status the route declares, never a 5xx.
 */
describe('every route of the OpenAPI document under random input', () => {
  let db: HubDb;
  let f: HubFixture;
  let document: Json;
  const known: string[] = [];
  const tokens: Record<string, string | undefined> = {};

  beforeAll(async () => {
    db = await openPgliteHubDb();
    f = await startHubFixture(db, { maxWaitSeconds: 0 });
    document = (await f.call('GET', '/openapi.json')).body;
    const station = await f.station('steward1', 'Fuzz station');
    const permit = await f.permit([station.id], 'sum@1.0.0');
    const run = await f.run(permit, 'sum@1.0.0', {});
    // Real identifiers among the random ones, so some requests get past "not found".
    known.push(station.id, permit, run.body.id);
    tokens.none = undefined;
    tokens.garbage = 'random';
    for (const handle of ['admin', 'researcher', 'reviewer', 'auditor', 'steward1'])
      tokens[handle] = await f.token(handle);
    tokens.station = station.token;
  }, 180_000);
  afterAll(async () => {
    await f?.close();
    await db?.close();
  });

  it('derives the routes from the document', () => {
    const ops = operationsOf(document);
    expect(ops.length).toBeGreaterThanOrEqual(30);
    expect(ops.map((o) => o.operationId)).toContain('getRun');
  });

  it('answers no request with a 5xx', async () => {
    const components = ((document.components as Json).schemas ?? {}) as Record<string, unknown>;
    const text = unicodeText(known);
    const ops = operationsOf(document);
    for (const op of ops) {
      const request = fc.record({
        who: fc.constantFrom(...Object.keys(tokens)),
        garbage: text,
        params: fc.array(text, { minLength: op.pathParams.length, maxLength: op.pathParams.length }),
        query: fc.tuple(...op.query.map((q) => fc.option(arbitraryOf(q.schema, components, text)))),
        extraQuery: fc.option(fc.tuple(text, text), { freq: 4 }),
        body: op.body ? arbitraryOf(op.body, components, text) : fc.constant(undefined),
        form: fc.constantFrom(...bodyForms),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let url = op.path;
          op.pathParams.forEach((name, i) => {
            url = url.replace(`{${name}}`, encodeAny(r.params[i] || 'x'));
          });
          const pairs = op.query.flatMap((q, i) => {
            const v = r.query[i];
            return v === null || v === undefined ? [] : [`${q.name}=${encodeAny(String(v))}`];
          });
          if (r.extraQuery) pairs.push(`${encodeAny(r.extraQuery[0])}=${encodeAny(r.extraQuery[1])}`);
          if (pairs.length > 0) url += `?${pairs.join('&')}`;
          // A forged token is random text too (NUL, lone surrogates, very long).
          const token = r.who === 'garbage' ? r.garbage || 'x' : tokens[r.who];
          const res = await f.hub.inject({
            method: op.method,
            url,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(op.body ? { 'content-type': 'application/json' } : {}),
            },
            ...(op.body ? { payload: bodyText(r.body, r.form) } : {}),
          });
          if (res.statusCode >= 500)
            throw new Error(`${op.method} ${url} as ${r.who} (${r.form}) → ${res.statusCode} ${res.body}`);
          // Refusals the router makes before any route (a URL that is not UTF-8) too: the API's error body.
          if (res.statusCode >= 400 && !ErrorBodySchema.safeParse(res.json()).success)
            throw new Error(`${op.method} ${url} → ${res.statusCode}, not an error body: ${res.body}`);
        }),
        { numRuns: 100 },
      );
    }
    // Every answer, refusals included, is one its route declares, in the declared shape.
    expect(checkResponses(document, f.seen)).toEqual([]);
  }, 300_000);
});
