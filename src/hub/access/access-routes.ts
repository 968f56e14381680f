import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../common/app-error.ts';
import { anyRole } from '../auth/principal.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { withdrawPermitTasks } from '../tasks/run-lifecycle.ts';
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
    auth: { roles: ['researcher'] },
    body: AccessRequestInputSchema,
    handler: async ({ user, body, reply }) => {
      const me = user();
      reply.status(201);
      return createAccessRequest(ctx, me, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/requests',
    summary: 'Access requests: all for reviewers and auditors, your own otherwise',
    tag: 'access',
    auth: { roles: anyRole },
    query: z.object({ status: z.enum(['submitted', 'approved', 'rejected']).optional() }),
    handler: async ({ user, query }) => {
      const me = user();
      return listAccessRequests(ctx, me, query);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/requests/:id',
    summary: 'One access request',
    tag: 'access',
    auth: { roles: anyRole },
    params: idParams,
    handler: async ({ user, params }) => {
      const me = user();
      return getAccessRequest(ctx, me, params.id);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/requests/:id/decision',
    summary: 'Approve (issues a permit) or reject a request, with a note (reviewer)',
    tag: 'access',
    auth: { roles: ['reviewer'] },
    params: idParams,
    body: z.object({ approve: z.boolean(), note: z.string().min(1).max(5000) }),
    handler: async ({ user, params, body }) => {
      const me = user();
      return decideAccessRequest(ctx, me, params.id, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/permits',
    summary: 'Permits: all for reviewers and auditors, those issued to you otherwise',
    tag: 'access',
    auth: { roles: anyRole },
    handler: async ({ user }) => {
      const me = user();
      return listPermits(ctx, me);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/permits/:id',
    summary: 'One permit',
    tag: 'access',
    auth: { roles: anyRole },
    params: idParams,
    handler: async ({ user, params }) => {
      const me = user();
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
    auth: { roles: ['reviewer'] },
    params: idParams,
    body: z.object({ reason: z.string().min(1).max(5000) }),
    handler: async ({ user, params, body }) => {
      const me = user();
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
