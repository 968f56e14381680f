import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { forbidden, notFound } from '../../common/app-error.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import {
  createOrganisation,
  createUser,
  listOrganisations,
  listUsers,
  listUsersById,
  login,
} from './organisation-service.ts';

export function organisationRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.login, ({ body, request }) => login(ctx, body.email, body.password, request.ip));
  addRoute(app, ctx, hubApi.me, async ({ user }) => {
    const me = await listUsersById(ctx.db, user().userId);
    if (!me) throw notFound('no such user', 'token');
    return me;
  });
  addRoute(app, ctx, hubApi.createOrganisation, async ({ user, body }) => {
    const me = user();
    const org = await createOrganisation(ctx.db, body, ctx.now());
    await ctx.audit.record({ actor: `user:${me.userId}`, action: 'organisation.created', subject: org.id });
    return org;
  });
  addRoute(app, ctx, hubApi.listOrganisations, () => listOrganisations(ctx.db));
  addRoute(app, ctx, hubApi.createUser, async ({ user, body }) => {
    const me = user();
    // A user made with an API token would sign in with a password the token's holder chose, and keep
    // access after the token is revoked or expires: like API tokens, only a signed-in session makes one.
    if (me.apiTokenId)
      throw forbidden('an API token cannot create users; sign in with your password', 'Authorization');
    const created = await createUser(ctx.db, body, ctx.now());
    await ctx.audit.record({
      actor: `user:${me.userId}`,
      action: 'user.created',
      subject: created.id,
      details: { role: created.role, organisationId: created.organisationId },
    });
    return created;
  });
  addRoute(app, ctx, hubApi.listUsers, ({ query }) => listUsers(ctx.db, query.organisationId));
}
