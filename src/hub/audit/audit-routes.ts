import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';

export function auditRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/audit',
    summary: "The hub's audit log, newest first (auditor)",
    tag: 'audit',
    auth: { roles: ['auditor'] },
    query: z.object({
      permitId: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      beforeSeq: z.coerce.number().int().min(1).optional(),
    }),
    handler: async ({ query }) => {
      return ctx.audit.list(query);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/audit/verify',
    summary: 'Verify the hash chain of the audit log (auditor)',
    tag: 'audit',
    auth: { roles: ['auditor'] },
    handler: async () => {
      return ctx.audit.verify();
    },
  });
}
