import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
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
  addRoute(app, ctx, hubApi.createRun, ({ user, body }) => createRun(ctx, user(), body));
  addRoute(app, ctx, hubApi.listRuns, ({ user, query }) => listRuns(ctx, user(), query.permitId));
  addRoute(app, ctx, hubApi.getRun, async ({ user, params, query, reply }) => {
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
      // Longer waits than the hub allows are shortened, not refused: the client asks again.
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
  });
}
