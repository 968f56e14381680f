import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badInputFromZod } from '../../common/bad-input-from-zod.ts';
import { authenticate } from '../auth/authenticate.ts';
import {
  type Principal,
  type Role,
  requireRole,
  requireStation,
  type UserPrincipal,
} from '../auth/principal.ts';
import type { HubContext } from '../hub-context.ts';

export interface RouteArgs<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The signed-in user (routes with `auth: { roles }`); throws on other routes. */
  user(): UserPrincipal;
  /** The calling station (routes with `auth: 'station'`); throws on other routes. */
  station(): Extract<Principal, { kind: 'station' }>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B, Q, P> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  /**
   * `none` for public routes, `station` for the station protocol (station token), or the user roles
   * allowed (admin always is). Checked before the input is validated, so a caller without the right
   * token learns nothing about the expected input.
   */
  auth: 'none' | 'station' | { roles: readonly Role[] };
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  handler(args: RouteArgs<B, Q, P>): Promise<unknown>;
}

const toSchema = (s: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

const partNames = { body: 'body', querystring: 'query', params: 'params' } as const;

/**
 * Adds a route whose body, query and params are validated by zod (a 400 naming the first problem's field,
 * e.g. `body.stations[0]`, and listing every problem) and documented in the OpenAPI document from the same schemas.
 */
export function addRoute<B = undefined, Q = undefined, P = undefined>(
  app: FastifyInstance,
  ctx: HubContext,
  spec: RouteSpec<B, Q, P>,
): void {
  const zods: Partial<Record<keyof typeof partNames, z.ZodType>> = {
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.query ? { querystring: spec.query } : {}),
    ...(spec.params ? { params: spec.params } : {}),
  };
  const schema: Record<string, unknown> = { summary: spec.summary, tags: [spec.tag] };
  for (const [part, zs] of Object.entries(zods)) schema[part] = toSchema(zs);
  if (spec.auth !== 'none') schema.security = [{ bearer: [] }];
  const principals = new WeakMap<FastifyRequest, Principal>();
  const where = `${spec.method} ${spec.url}`;
  const auth = spec.auth;
  app.route({
    method: spec.method,
    url: spec.url,
    schema,
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
    validatorCompiler: ({ httpPart }) => {
      const part = httpPart as keyof typeof partNames;
      const zs = zods[part];
      return (data: unknown) => {
        if (!zs) return { value: data };
        const parsed = zs.safeParse(data ?? (part === 'body' ? undefined : {}));
        if (parsed.success) return { value: parsed.data };
        return { error: badInputFromZod(parsed.error, partNames[part]) };
      };
    },
    handler: async (request, reply) => {
      const principal = principals.get(request);
      const out = await spec.handler({
        body: request.body as B,
        query: request.query as Q,
        params: request.params as P,
        user: () => requireRole(principal, auth === 'none' || auth === 'station' ? [] : auth.roles, where),
        station: () => requireStation(principal, where),
        request,
        reply,
      });
      return out;
    },
  });
}
