import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';

/** API tokens for scripts: create (from a signed-in session), list, revoke. */
export function apiTokenRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.createApiToken, ({ user, body }) =>
    createApiToken(ctx, user(), body.label, body.expiresInDays),
  );
  addRoute(app, ctx, hubApi.listApiTokens, ({ user, query }) =>
    listApiTokens(ctx, user(), query.all === 'true'),
  );
  addRoute(app, ctx, hubApi.revokeApiToken, ({ user, params }) => revokeApiToken(ctx, user(), params.id));
}
