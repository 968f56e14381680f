import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { algorithmSchemaName } from '../../api/openapi-document.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;

/** One response the hub sent, as the recorder saw it. */
export interface SeenResponse {
  method: string;
  /** The route's path as declared (`/api/runs/:id`). */
  route: string;
  status: number;
  contentType: string;
  payload: string;
}

/**
 * Records every response of a hub app (a Fastify plugin for `createHubApp({ plugins })`), so a test suite
 * can check each against the OpenAPI document afterwards.
 */
export function responseRecorder(): { plugin(app: FastifyInstance): void; seen: SeenResponse[] } {
  const seen: SeenResponse[] = [];
  return {
    seen,
    plugin(app) {
      app.addHook('onSend', async (request, reply, payload) => {
        const route = request.routeOptions.url;
        if (route && route !== '/openapi.json' && typeof payload === 'string') {
          seen.push({
            method: request.method,
            route,
            status: reply.statusCode,
            contentType: String(reply.getHeader('content-type') ?? ''),
            payload,
          });
        }
        return payload;
      });
    },
  };
}

/** `{ $ref: '#/components/schemas/X' }` replaced by the schema itself, so each response schema stands alone. */
function inline(schema: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const ref = (schema as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/'))
    return inline(components[ref.slice('#/components/schemas/'.length)], components);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, components)]));
}

/**
 * Checks real responses against the OpenAPI document: the status must be one the route declares, the
 * content type the declared one, the body valid against the declared schema for that status (JSON
 * Schema 2020-12, with formats, no undeclared properties), and a run's result valid against its
 * algorithm's published result schema where there is one. Returns one line per violation.
 */
export function checkResponses(document: Json, seen: readonly SeenResponse[]): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const components = ((document.components as Json).schemas ?? {}) as Record<string, unknown>;
  const paths = document.paths as Record<string, Record<string, Json>>;
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: unknown) => {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile(inline(schema, components) as Json);
      compiled.set(key, v);
    }
    return v;
  };
  const problems: string[] = [];
  for (const r of seen) {
    const label = `${r.method} ${r.route} ${r.status}`;
    const op = paths[r.route.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    if (!op) {
      problems.push(`${label}: the route is not in the document`);
      continue;
    }
    const declared = (op.responses as Record<string, Json>)[String(r.status)];
    if (!declared) {
      problems.push(`${label}: the status is not declared`);
      continue;
    }
    const [type, media] = Object.entries(declared.content as Record<string, Json>)[0]!;
    if (r.contentType.split(';')[0] !== type.split(';')[0]) {
      problems.push(`${label}: content type ${r.contentType}, declared ${type}`);
      continue;
    }
    let body: unknown = r.payload;
    if (!type.startsWith('text/')) {
      try {
        body = JSON.parse(r.payload);
      } catch {
        problems.push(`${label}: not JSON`);
        continue;
      }
    }
    const validate = validator(label, media.schema);
    if (!validate(body)) {
      problems.push(`${label}: ${ajv.errorsText(validate.errors, { dataVar: 'response' })}`);
      continue;
    }
    for (const run of runsIn(body)) {
      const name = algorithmSchemaName('Result', run.algorithm.name, run.algorithm.version);
      if (run.result === undefined || !components[name]) continue;
      const check = validator(name, components[name]);
      if (!check(run.result))
        problems.push(`${label}: result of ${name}: ${ajv.errorsText(check.errors, { dataVar: 'result' })}`);
    }
  }
  return problems;
}

type RunLike = { algorithm: { name: string; version: string }; result?: unknown };

/**
 * The runs in a run or a list of runs. Not those of the transparency register: it shows only the
 * combined part of a result (no per-station figures), not the algorithm's whole result.
 */
function runsIn(body: unknown): RunLike[] {
  const isRun = (x: unknown): x is RunLike =>
    typeof x === 'object' && x !== null && 'algorithm' in x && 'result' in x;
  const items = Array.isArray(body) ? body : [body];
  return items.filter(isRun);
}

/** The routes of the contract that no recorded response came from. */
export function routesNotSeen(seen: readonly SeenResponse[]): string[] {
  const hit = new Set(seen.map((r) => `${r.method} ${r.route}`));
  return Object.values(hubApi)
    .map((r) => `${r.method} ${r.path}`)
    .filter((k) => !hit.has(k));
}
