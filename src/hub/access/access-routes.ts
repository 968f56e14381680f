import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../common/app-error.ts';
import { anyRole, requireRole } from '../auth/principal.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { withdrawPermitTasks } from '../tasks/run-service.ts';
import {
  AccessRequestInputSchema,
  createAccessRequest,
  decideAccessRequest,
  getAccessRequest,
  getPermit,
  listAccessRequests,
  listPermits,
  revokePermit,
  seesAll,
} from './access-service.ts';
import { transparencyRegister } from './transparency-register.ts';

const idParams = z.object({ id: z.string().min(1) });

export function accessRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/requests',
    summary: 'Request access for an EHDS purpose (researcher)',
    tag: 'access',
    auth: 'token',
    body: AccessRequestInputSchema,
    handler: async ({ principal, body, reply }) => {
      const me = requireRole(principal, ['researcher'], 'POST /api/requests');
      reply.status(201);
      return createAccessRequest(ctx, me, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/requests',
    summary: 'Access requests: all for reviewers and auditors, your own otherwise',
    tag: 'access',
    auth: 'token',
    query: z.object({ status: z.enum(['submitted', 'approved', 'rejected']).optional() }),
    handler: async ({ principal, query }) => {
      const me = requireRole(principal, anyRole, 'GET /api/requests');
      return listAccessRequests(ctx, me, query);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/requests/:id',
    summary: 'One access request',
    tag: 'access',
    auth: 'token',
    params: idParams,
    handler: async ({ principal, params }) => {
      const me = requireRole(principal, anyRole, 'GET /api/requests/:id');
      return getAccessRequest(ctx, me, params.id);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/requests/:id/decision',
    summary: 'Approve (issues a permit) or reject a request, with a note (reviewer)',
    tag: 'access',
    auth: 'token',
    params: idParams,
    body: z.object({ approve: z.boolean(), note: z.string().min(1).max(5000) }),
    handler: async ({ principal, params, body }) => {
      const me = requireRole(principal, ['reviewer'], 'POST /api/requests/:id/decision');
      return decideAccessRequest(ctx, me, params.id, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/permits',
    summary: 'Permits: all for reviewers and auditors, those issued to you otherwise',
    tag: 'access',
    auth: 'token',
    handler: async ({ principal }) => {
      const me = requireRole(principal, anyRole, 'GET /api/permits');
      return listPermits(ctx, me);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/permits/:id',
    summary: 'One permit',
    tag: 'access',
    auth: 'token',
    params: idParams,
    handler: async ({ principal, params }) => {
      const me = requireRole(principal, anyRole, 'GET /api/permits/:id');
      const p = await getPermit(ctx, params.id);
      if (!p || (!seesAll(me) && p.holderUserId !== me.userId)) throw notFound('no such permit', 'id');
      return p;
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/permits/:id/revoke',
    summary: 'Revoke a permit; stations learn it on their next poll (reviewer)',
    tag: 'access',
    auth: 'token',
    params: idParams,
    body: z.object({ reason: z.string().min(1).max(5000) }),
    handler: async ({ principal, params, body }) => {
      const me = requireRole(principal, ['reviewer'], 'POST /api/permits/:id/revoke');
      const out = await revokePermit(ctx, me, params.id, body.reason);
      await withdrawPermitTasks(ctx, params.id);
      return out;
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/public/transparency',
    summary: 'Public register of permits issued and the aggregate results they produced (EHDS)',
    tag: 'public',
    auth: 'none',
    handler: () => transparencyRegister(ctx),
  });
}
