import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiRoute, RouteBody, RouteParams, RouteQuery, RouteReply } from '../../api/api-route.ts';
import { badInputFromZod } from '../../common/input-issues.ts';
import { authenticate } from '../auth/authenticate.ts';
import { type Principal, requireRole, requireStation, type UserPrincipal } from '../auth/principal.ts';
import type { HubContext } from '../hub-context.ts';
import { STATION_BODY_LIMIT } from './input-guard.ts';

export interface HandlerArgs<R extends ApiRoute> {
  body: RouteBody<R>;
  query: RouteQuery<R>;
  params: RouteParams<R>;
  /** The signed-in user (routes with `auth: { roles }`); throws on other routes. */
  user(): UserPrincipal;
  /** The calling station (routes with `auth: 'station'`); throws on other routes. */
  station(): Extract<Principal, { kind: 'station' }>;
  request: FastifyRequest;
  reply: FastifyReply;
}

const parts = ['body', 'query', 'params'] as const;

/** One part of the request through its schema; a failure is a 400 naming every bad field (`body.stations[0]`). */
function parsePart(schema: z.ZodType | undefined, value: unknown, part: (typeof parts)[number]): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!parsed.success) throw badInputFromZod(parsed.error, part, 'invalid input', { pathInWhere: true });
  return parsed.data;
}

/**
 * Serves one route of the API contract (src/api/hub-api.ts): the caller's token and role are checked
 * first (so a caller without them learns nothing about the expected input), then the body, query and
 * params are validated by the route's schemas, and the handler's answer is sent with the route's
 * success status. The handler's return type is the route's response schema: a drift does not compile.
 */
export function addRoute<R extends ApiRoute>(
  app: FastifyInstance,
  ctx: HubContext,
  route: R,
  handler: (args: HandlerArgs<R>) => Promise<RouteReply<R>>,
): void {
  const principals = new WeakMap<FastifyRequest, Principal>();
  const where = `${route.method} ${route.path}`;
  const auth = route.auth;
  app.route({
    method: route.method,
    url: route.path,
    // Users send at most the app's limit; a station's result or dataset profile may be larger.
    ...(auth === 'station' ? { bodyLimit: STATION_BODY_LIMIT } : {}),
    onRequest:
      auth === 'none'
        ? []
        : [
            async (request: FastifyRequest) => {
              const p = await authenticate(ctx, request.headers.authorization);
              if (auth === 'station') requireStation(p, where);
              else requireRole(p, auth.roles, where);
              principals.set(request, p);
            },
          ],
    handler: async (request, reply) => {
      const [body, query, params] = [
        parsePart(route.body, request.body, 'body'),
        parsePart(route.query, request.query, 'query'),
        parsePart(route.params, request.params, 'params'),
      ];
      const principal = principals.get(request);
      reply.status(route.status);
      if (route.contentType) reply.type(route.contentType);
      return handler({
        body: body as RouteBody<R>,
        query: query as RouteQuery<R>,
        params: params as RouteParams<R>,
        user: () => requireRole(principal, auth === 'none' || auth === 'station' ? [] : auth.roles, where),
        station: () => requireStation(principal, where),
        request,
        reply,
      });
    },
  });
}
