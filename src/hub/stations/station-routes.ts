import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PollResponseSchema, TaskResultSchema } from '../../protocol/messages.ts';
import { anyRole } from '../auth/principal.ts';
import { DatasetPublishSchema, publishDataset } from '../catalogue/catalogue-service.ts';
import { type LongPollWaiters, stationKey } from '../http/long-poll.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { recordResult } from '../tasks/run-lifecycle.ts';
import { claimTasks, unclaimTasks } from '../tasks/task-queue.ts';
import { heartbeat, listStations, registerStation } from './station-service.ts';

export function stationRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  poll: LongPollWaiters,
  maxWaitSeconds: number,
): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/hub/key',
    summary: "The hub's Ed25519 public key (stations pin its keyId)",
    tag: 'stations',
    auth: 'none',
    handler: async () => ({ publicKeyPem: ctx.keys.publicKeyPem, keyId: ctx.keys.keyId }),
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/stations',
    summary: "Register a station of the steward's organisation; returns its token (shown once)",
    tag: 'stations',
    auth: { roles: ['steward'] },
    body: z.object({
      name: z.string().min(1).max(200),
      organisationId: z.string().min(1),
      publicKeyPem: z.string().min(1).max(5000),
    }),
    handler: async ({ user, body, reply }) => {
      const me = user();
      reply.status(201);
      return registerStation(ctx, me, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/stations',
    summary: 'List stations with online status (from their last heartbeat)',
    tag: 'stations',
    auth: { roles: anyRole },
    query: z.object({ organisationId: z.string().optional() }),
    handler: async ({ query }) => {
      return listStations(ctx, query.organisationId);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/station/heartbeat',
    summary: 'A station reports it is alive, with its data version and software version',
    tag: 'station protocol',
    auth: 'station',
    body: z.object({ dataVersion: z.string().max(200), version: z.string().max(100) }),
    handler: async ({ station, body }) => {
      const s = station();
      return heartbeat(ctx, s.stationId, body);
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/station/tasks',
    summary: 'Long-poll for signed tasks and revoked permit ids (wait up to `wait` seconds)',
    tag: 'station protocol',
    auth: 'station',
    query: z.object({ wait: z.coerce.number().int().min(0).max(maxWaitSeconds).default(0) }),
    handler: async ({ station, query, request, reply }) => {
      const s = station();
      const aborted = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableEnded) aborted.abort();
      };
      reply.raw.on('close', onClose);
      // Listening before the queue is read: a task created meanwhile still wakes this poll.
      const listener = poll.listen(stationKey(s.stationId));
      try {
        const deadline = Date.now() + query.wait * 1000;
        let revokedAtStart: string[] | undefined;
        for (;;) {
          const { tasks, revokedPermitIds: revoked } = await claimTasks(ctx, s.stationId);
          revokedAtStart ??= revoked;
          if (aborted.signal.aborted) {
            await unclaimTasks(
              ctx,
              tasks.map((t) => t.task.id),
            );
            return PollResponseSchema.parse({ tasks: [], revokedPermitIds: revokedAtStart });
          }
          const changed = revoked.join() !== revokedAtStart.join();
          const left = deadline - Date.now();
          if (tasks.length > 0 || changed || left <= 0 || poll.closing()) {
            if (tasks.length > 0)
              request.log.info({ stationId: s.stationId, tasks: tasks.length }, 'tasks delivered');
            return { tasks, revokedPermitIds: revoked };
          }
          await listener.wait(left, aborted.signal);
        }
      } finally {
        listener.close();
        reply.raw.off('close', onClose);
      }
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/station/results',
    summary: "A station's answer to one of its tasks: aggregates, a refusal with its reason, or a failure",
    tag: 'station protocol',
    auth: 'station',
    body: TaskResultSchema,
    handler: async ({ station, body }) => {
      const s = station();
      return recordResult(ctx, s.stationId, body);
    },
  });
  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/station/datasets',
    summary: 'Publish dataset metadata and its (already suppressed) profile to the catalogue',
    tag: 'station protocol',
    auth: 'station',
    body: DatasetPublishSchema,
    handler: async ({ station, body }) => {
      const s = station();
      return publishDataset(ctx, s.stationId, body);
    },
  });
}
