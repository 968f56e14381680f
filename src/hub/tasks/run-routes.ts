import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { anyRole } from '../auth/principal.ts';
import { type LongPollWaiters, runEndKey, runKey } from '../http/long-poll.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { createRun } from './run-lifecycle.ts';
import { getRun, listRuns, runIsRunning } from './run-view.ts';

export function runRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  poll: LongPollWaiters,
  maxWaitSeconds: number,
): void {
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
    summary:
      'A run: per-station status per round, result and provenance. With `wait` (seconds) the hub holds the ' +
      'request until the run is no longer running or, with the `version` last seen, until the run moved ' +
      'on from it (a task delivered or answered); at the latest after `wait` seconds',
    tag: 'runs',
    auth: { roles: anyRole },
    params: z.object({ id: z.string().min(1) }),
    query: z.object({
      // Longer waits than the hub allows are shortened, not refused: the client asks again.
      wait: z.coerce.number().int().min(0).max(3600).default(0),
      version: z.string().max(100).optional(),
    }),
    handler: async ({ user, params, query, reply }) => {
      const me = user();
      if (query.wait === 0) return getRun(ctx, me, params.id);
      const aborted = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) aborted.abort();
      };
      reply.raw.on('close', onClose);
      // Listening before the run is read: a change meanwhile still wakes this request.
      const { version } = query;
      const listener = poll.listen(version === undefined ? runEndKey(params.id) : runKey(params.id));
      try {
        const deadline = Date.now() + Math.min(query.wait, maxWaitSeconds) * 1000;
        for (;;) {
          if (version === undefined) {
            // Waiting for the end: a light check of the status, the whole run only when it is time.
            const running = await runIsRunning(ctx, me, params.id);
            if (!running || Date.now() >= deadline || poll.closing() || aborted.signal.aborted)
              return getRun(ctx, me, params.id);
          } else {
            const run = await getRun(ctx, me, params.id);
            if (run.status !== 'running' || run.version !== version) return run;
            if (Date.now() >= deadline || poll.closing() || aborted.signal.aborted) return run;
          }
          await listener.wait(deadline - Date.now(), aborted.signal);
        }
      } finally {
        listener.close();
        reply.raw.off('close', onClose);
      }
    },
  });
}
