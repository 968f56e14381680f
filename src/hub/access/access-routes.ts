import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { notFound } from '../../common/app-error.ts';
import { dryRunSummaries } from '../governance/sandbox-runs.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { withdrawPermitTasks } from '../tasks/run-lifecycle.ts';
import {
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

export function accessRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.createRequest, ({ user, body }) => createAccessRequest(ctx, user(), body));
  addRoute(app, ctx, hubApi.listRequests, ({ user, query }) => listAccessRequests(ctx, user(), query));
  addRoute(app, ctx, hubApi.getRequest, async ({ user, params }) => ({
    ...(await getAccessRequest(ctx, user(), params.id)),
    dryRuns: await dryRunSummaries(ctx, params.id),
  }));
  addRoute(app, ctx, hubApi.decideRequest, ({ user, params, body }) =>
    decideAccessRequest(ctx, user(), params.id, body),
  );
  addRoute(app, ctx, hubApi.listPermits, ({ user }) => listPermits(ctx, user()));
  addRoute(app, ctx, hubApi.getPermit, async ({ user, params }) => {
    const me = user();
    const p = await getPermit(ctx, params.id);
    if (!p || (!seesAll(me) && p.holderUserId !== me.userId)) throw notFound('no such permit', 'id');
    return p;
  });
  addRoute(app, ctx, hubApi.revokePermit, async ({ user, params, body }) => {
    const out = await revokePermit(ctx, user(), params.id, body.reason);
    await withdrawPermitTasks(ctx, params.id);
    return out;
  });
  addRoute(app, ctx, hubApi.transparency, () => transparencyRegister(ctx));
}
