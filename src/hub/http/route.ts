import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badInput } from '../../common/app-error.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import type { HubContext } from '../hub-context.ts';

export interface RouteArgs<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** Set when the route needs a token; the handler checks the role (requireRole / requireStation). */
  principal: Principal | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<B, Q, P> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  /** `none` for public routes; otherwise a bearer token is required. */
  auth: 'none' | 'token';
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
 * Adds a route whose body, query and params are validated by zod (the first problem becomes a 400
 * naming the field, e.g. `body.stations[0]`) and documented in the OpenAPI document from the same schemas.
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
  if (spec.auth === 'token') schema.security = [{ bearer: [] }];
  app.route({
    method: spec.method,
    url: spec.url,
    schema,
    validatorCompiler: ({ httpPart }) => {
      const part = httpPart as keyof typeof partNames;
      const zs = zods[part];
      return (data: unknown) => {
        if (!zs) return { value: data };
        const parsed = zs.safeParse(data ?? (part === 'body' ? undefined : {}));
        if (parsed.success) return { value: parsed.data };
        const issue = parsed.error.issues[0]!;
        const where = [
          partNames[part],
          ...issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)),
        ]
          .join('')
          .replace(/^(\w+)\./, '$1.');
        return { error: badInput(issue.message, where) };
      };
    },
    handler: async (request, reply) => {
      const principal =
        spec.auth === 'token' ? await authenticate(ctx, request.headers.authorization) : undefined;
      const out = await spec.handler({
        body: request.body as B,
        query: request.query as Q,
        params: request.params as P,
        principal,
        request,
        reply,
      });
      return out;
    },
  });
}
