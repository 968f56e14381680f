import type { z } from 'zod';
import type { ErrorCode } from '../common/app-error.ts';
import type { Role } from './organisation-schemas.ts';

/**
 * Who may call a route: `none` (public), `station` (a station token), or the user roles allowed (an
 * admin always is).
 */
export type RouteAuth = 'none' | 'station' | { roles: readonly Role[] };

/**
 * One route of the API, described once: the hub serves it (src/hub/http/route.ts), the clients call it
 * (api-client.ts), the OpenAPI document describes it (openapi-document.ts). Types are derived from the
 * schemas, never written twice.
 */
export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Fastify style: `/api/runs/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** The status of a success. */
  status: 200 | 201;
  response: z.ZodType;
  /** JSON unless said otherwise. */
  contentType?: 'application/json' | 'application/ld+json' | 'text/turtle; charset=utf-8';
  /**
   * The errors this route answers besides those every route may give: bad input (400; any route may
   * get text it refuses in its URL or query string), 401 and 403 on a route that needs a token, 413 on
   * one with a body, and 500.
   */
  errors?: readonly ErrorCode[];
}

/** Keeps a route's literal types (its schemas, its status) for the derived types. */
export function defineRoute<const R extends ApiRoute>(route: R): R {
  return route;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives once the request is validated. */
export type RouteBody<R extends ApiRoute> = Out<R['body']>;
export type RouteQuery<R extends ApiRoute> = Out<R['query']>;
export type RouteParams<R extends ApiRoute> = Out<R['params']>;
/** What a client gets back from a route. */
export type RouteResponse<R extends ApiRoute> = z.output<R['response']>;
/** What a handler may return (anything the response schema accepts). */
export type RouteReply<R extends ApiRoute> = z.input<R['response']>;

/**
 * What a caller passes: the body and path parameters as the schemas accept them, query parameters by
 * their parsed types (they travel as text and the hub coerces them), and an abort signal.
 */
export type RouteArgs<R extends ApiRoute> = (R['body'] extends z.ZodType
  ? { body: In<R['body']> }
  : { body?: undefined }) &
  (R['params'] extends z.ZodType ? { params: In<R['params']> } : { params?: undefined }) &
  (R['query'] extends z.ZodType
    ? { query?: { [K in keyof Out<R['query']>]?: Out<R['query']>[K] | undefined } }
    : { query?: undefined }) & { signal?: AbortSignal };
