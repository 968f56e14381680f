import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyRole } from '../auth/principal.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { createRun, getRun, listRuns } from './run-service.ts';

export function runRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/runs',
    summary: 'Start an analysis under a permit: one signed task per permitted station (permit holder)',
    tag: 'runs',
    auth: { roles: ['researcher'] },
    body: z.object({
      permitId: z.string().min(1),
      algorithm: z.object({ name: z.string().min(1), version: z.string().min(1) }),
      input: z.unknown(),
    }),
    handler: async ({ user, body, reply }) => {
      const me = user();
      reply.status(201);
      return createRun(ctx, me, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/runs',
    summary: 'Runs: your own, or all for reviewers and auditors',
    tag: 'runs',
    auth: { roles: anyRole },
    query: z.object({ permitId: z.string().optional() }),
    handler: async ({ user, query }) => {
      const me = user();
      return listRuns(ctx, me, query.permitId);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/runs/:id',
    summary: 'A run: per-station status per round, result and provenance',
    tag: 'runs',
    auth: { roles: anyRole },
    params: z.object({ id: z.string().min(1) }),
    handler: async ({ user, params }) => {
      const me = user();
      return getRun(ctx, me, params.id);
    },
  });
}
