import { z } from 'zod';
import { type ErrorCode, ErrorCodes } from '../common/app-error.ts';
import type { ApiRoute } from './api-route.ts';
import { ErrorBodySchema } from './error-body.ts';

type JsonSchema = Record<string, unknown>;

/** A schema published beside the routes, e.g. an algorithm's result (`AlgorithmResult.glm.1.0.0`). */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
  /** `input` for what callers send (defaults optional), `output` for what they receive. */
  io: 'input' | 'output';
  /**
   * Objects take no fields besides their own (`additionalProperties: false` where the schema says
   * nothing else): an algorithm's input, whose unknown fields the hub and the stations refuse.
   */
  closed?: boolean;
}

/** Every object schema with declared properties and no word on others made closed (in place). */
function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) {
    for (const s of schema) closeObjects(s);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const s = schema as JsonSchema;
  if (s.type === 'object' && s.properties && !('additionalProperties' in s)) s.additionalProperties = false;
  for (const v of Object.values(s)) closeObjects(v);
}

export interface OpenApiOptions {
  title: string;
  version: string;
  description?: string;
  schemas?: readonly NamedSchema[];
}

/**
 * JSON Schema 2020-12 (the dialect of OpenAPI 3.1) of a zod schema, straight from zod. Requests are
 * described as callers may write them (`io: 'input'`: defaults are optional), responses as the hub
 * writes them (`io: 'output'`: no undeclared properties).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

/** A 429 says when to try again, in seconds (also in the body's `details.retryAfterSeconds`). */
const RETRY_AFTER = {
  'Retry-After': { description: 'seconds until the request may be tried again', schema: { type: 'integer' } },
};
const INTERNAL = 500;

/** The error statuses a route may answer: its own, and those that follow from its input and auth. */
export function errorStatuses(route: ApiRoute): number[] {
  const codes = new Set<ErrorCode>(route.errors ?? []);
  // Any route may be sent text it refuses (NUL, a lone surrogate) in its URL or query string.
  codes.add('badInput');
  if (route.body) codes.add('payloadTooLarge');
  if (route.auth !== 'none') {
    codes.add('unauthenticated');
    codes.add('forbidden');
  }
  return [...[...codes].map((c) => ErrorCodes[c]), INTERNAL].sort((a, b) => a - b);
}

function authText(auth: ApiRoute['auth']): string {
  if (auth === 'none') return 'Public.';
  if (auth === 'station') return 'A station token.';
  return `Roles: ${[...auth.roles, 'admin'].join(', ')}.`;
}

function parameters(schema: z.ZodType | undefined, place: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: place,
    required: place === 'path' || required.has(name),
    schema: s,
  }));
}

/**
 * The OpenAPI 3.1 document of a set of routes: every route's parameters, body, success response and
 * error responses (all `ErrorBody`), made from the same zod schemas that validate them.
 */
export function openApiDocument(routes: Record<string, ApiRoute>, options: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      [route.status]: {
        description: route.status === 201 ? 'Created' : 'OK',
        content: {
          [route.contentType ?? 'application/json']: { schema: jsonSchemaOf(route.response, 'output') },
        },
      },
    };
    for (const status of errorStatuses(route)) {
      const code = Object.entries(ErrorCodes).find(([, s]) => s === status)?.[0] ?? 'internal';
      responses[status] = {
        description: code,
        ...(status === ErrorCodes.tooManyRequests ? { headers: RETRY_AFTER } : {}),
        content: { 'application/json': { schema: ERROR_BODY } },
      };
    }
    const params = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      description: authText(route.auth),
      tags: [route.tag],
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      ...(route.auth === 'none' ? {} : { security: [{ bearer: [] }] }),
    };
  }
  const schemas: Record<string, JsonSchema> = { ErrorBody: jsonSchemaOf(ErrorBodySchema, 'output') };
  for (const named of options.schemas ?? []) {
    const schema = jsonSchemaOf(named.schema, named.io);
    if (named.closed) closeObjects(schema);
    schemas[named.name] = schema;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}

/** A name for an algorithm's schema that OpenAPI accepts as a component key. */
export function algorithmSchemaName(kind: 'Input' | 'Result', name: string, version: string): string {
  return `Algorithm${kind}.${`${name}.${version}`.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
