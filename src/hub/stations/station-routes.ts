import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { publishDataset } from '../catalogue/catalogue-service.ts';
import { type LongPollWaiters, stationKey } from '../http/long-poll.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { recordResult } from '../tasks/run-lifecycle.ts';
import { claimTasks, unclaimTasks } from '../tasks/task-queue.ts';
import { recordStationAuditHead, stationAuditHead } from './station-audit-heads.ts';
import { heartbeat, listStations, registerStation, registerStationKey } from './station-service.ts';
import { renewStationToken, revokeStationToken, rotateStationToken } from './station-tokens.ts';
import {
  claimStewardDecisions,
  decideStationPermit,
  recordStewardReport,
  stationStewardship,
} from './steward-service.ts';

export function stationRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  poll: LongPollWaiters,
  maxWaitSeconds: number,
): void {
  addRoute(app, ctx, hubApi.hubKey, async () => ({
    publicKeyPem: ctx.keys.publicKeyPem,
    keyId: ctx.keys.keyId,
  }));
  addRoute(app, ctx, hubApi.registerStation, ({ user, body }) => registerStation(ctx, user(), body));
  addRoute(app, ctx, hubApi.listStations, ({ query }) => listStations(ctx, query.organisationId));
  addRoute(app, ctx, hubApi.registerStationKey, ({ user, params, body }) =>
    registerStationKey(ctx, user(), params.id, body.publicKeyPem),
  );
  addRoute(app, ctx, hubApi.stationStewardship, ({ user, params }) =>
    stationStewardship(ctx, user(), params.id),
  );
  addRoute(app, ctx, hubApi.decideStationPermit, ({ user, params, body }) =>
    decideStationPermit(ctx, user(), params.id, params.permitId, body),
  );
  addRoute(app, ctx, hubApi.rotateStationToken, ({ user, params }) =>
    rotateStationToken(ctx, user(), params.id),
  );
  addRoute(app, ctx, hubApi.revokeStationToken, ({ user, params }) =>
    revokeStationToken(ctx, user(), params.id),
  );
  addRoute(app, ctx, hubApi.renewStationToken, ({ station }) => renewStationToken(ctx, station().stationId));
  addRoute(app, ctx, hubApi.heartbeat, async ({ station, body }) => {
    const s = station();
    const alive = await heartbeat(ctx, s.stationId, body);
    if (body.steward) await recordStewardReport(ctx, s.stationId, body.steward);
    if (!body.auditHead) return alive;
    return { ...alive, auditHead: await recordStationAuditHead(ctx, s.stationId, body.auditHead) };
  });
  addRoute(app, ctx, hubApi.stationAuditHead, ({ station }) => stationAuditHead(ctx, station().stationId));
  addRoute(app, ctx, hubApi.pollTasks, async ({ station, query, request, reply }) => {
    const s = station();
    const aborted = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableEnded) aborted.abort();
    };
    reply.raw.on('close', onClose);
    // Listening before the queue is read: a task created meanwhile still wakes this poll.
    const listener = poll.listen(stationKey(s.stationId));
    const pollStartedAt = ctx.now();
    try {
      // Longer waits than the hub allows are shortened, not refused: the station asks again.
      const deadline = Date.now() + Math.min(query.wait, maxWaitSeconds) * 1000;
      let revokedAtStart: string[] | undefined;
      for (;;) {
        const { tasks, revokedPermitIds: revoked } = await claimTasks(ctx, s.stationId, { pollStartedAt });
        revokedAtStart ??= revoked;
        if (aborted.signal.aborted) {
          await unclaimTasks(
            ctx,
            tasks.map((t) => t.task.id),
          );
          return { tasks: [], revokedPermitIds: revokedAtStart };
        }
        // Handed out again on a later poll if the station does not report on them (see claimStewardDecisions).
        const stewardDecisions = await claimStewardDecisions(ctx, s.stationId, pollStartedAt);
        const changed = revoked.join() !== revokedAtStart.join();
        const left = deadline - Date.now();
        if (tasks.length > 0 || stewardDecisions.length > 0 || changed || left <= 0 || poll.closing()) {
          if (tasks.length > 0)
            request.log.info({ stationId: s.stationId, tasks: tasks.length }, 'tasks delivered');
          return {
            tasks,
            revokedPermitIds: revoked,
            ...(stewardDecisions.length > 0 ? { stewardDecisions } : {}),
          };
        }
        await listener.wait(left, aborted.signal);
      }
    } finally {
      listener.close();
      reply.raw.off('close', onClose);
    }
  });
  addRoute(app, ctx, hubApi.submitResult, async ({ station, body }) => {
    const s = station();
    // The answer is recorded whatever becomes of the head that came with it.
    const recorded = await recordResult(ctx, s.stationId, body);
    if (!body.auditHead) return recorded;
    return { ...recorded, auditHead: await recordStationAuditHead(ctx, s.stationId, body.auditHead) };
  });
  addRoute(app, ctx, hubApi.publishDataset, ({ station, body }) =>
    publishDataset(ctx, station().stationId, body),
  );
}
