import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyRole, Roles } from '../auth/principal.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import {
  createApiToken,
  createOrganisation,
  createUser,
  listOrganisations,
  listUsers,
  listUsersById,
  login,
  OrganisationKinds,
} from './organisation-service.ts';

export function organisationRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with email and password; returns a JWT valid for 15 minutes',
    tag: 'auth',
    auth: 'none',
    body: z.object({ email: z.string().email(), password: z.string().min(1).max(1000) }),
    handler: ({ body }) => login(ctx, body.email, body.password),
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/auth/tokens',
    summary: 'Create a long-lived API token for scripts (shown once)',
    tag: 'auth',
    auth: { roles: anyRole },
    body: z.object({
      label: z.string().min(1).max(200),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    }),
    handler: ({ user, body }) => {
      const me = user();
      return createApiToken(ctx, me.userId, body.label, body.expiresInDays);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: { roles: anyRole },
    handler: async ({ user }) => {
      const me = user();
      return listUsersById(ctx.db, me.userId);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/organisations',
    summary: 'Create an organisation (admin)',
    tag: 'organisations',
    auth: { roles: [] },
    body: z.object({ name: z.string().min(1).max(300), kind: z.enum(OrganisationKinds) }),
    handler: async ({ user, body, reply }) => {
      const me = user();
      const org = await createOrganisation(ctx.db, body, ctx.now());
      await ctx.audit.record({ actor: `user:${me.userId}`, action: 'organisation.created', subject: org.id });
      reply.status(201);
      return org;
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/organisations',
    summary: 'List organisations',
    tag: 'organisations',
    auth: { roles: anyRole },
    handler: async () => {
      return listOrganisations(ctx.db);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/users',
    summary: 'Create a user in an organisation with one role (admin)',
    tag: 'organisations',
    auth: { roles: [] },
    body: z.object({
      email: z.string().email(),
      name: z.string().min(1).max(300),
      organisationId: z.string().min(1),
      role: z.enum(Roles),
      password: z.string().min(10, 'at least 10 characters').max(1000),
    }),
    handler: async ({ user, body, reply }) => {
      const me = user();
      const created = await createUser(ctx.db, body, ctx.now());
      await ctx.audit.record({
        actor: `user:${me.userId}`,
        action: 'user.created',
        subject: created.id,
        details: { role: created.role, organisationId: created.organisationId },
      });
      reply.status(201);
      return created;
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/users',
    summary: 'List users (admin, auditor)',
    tag: 'organisations',
    auth: { roles: ['auditor'] },
    query: z.object({ organisationId: z.string().optional() }),
    handler: async ({ query }) => {
      return listUsers(ctx.db, query.organisationId);
    },
  });
}
