import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { createMonitor, getMonitor, listMonitors, runMonitor } from './monitor-service.ts';
import { publicMonitor, publicMonitors } from './public-monitor.ts';

export function monitorRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.createMonitor, ({ user, body }) => createMonitor(ctx, user(), body));
  addRoute(app, ctx, hubApi.listMonitors, ({ user }) => listMonitors(ctx, user()));
  addRoute(app, ctx, hubApi.getMonitor, ({ user, params }) => getMonitor(ctx, user(), params.id));
  addRoute(app, ctx, hubApi.runMonitor, ({ user, params, body }) =>
    runMonitor(ctx, user(), params.id, body.throughMonth),
  );
  addRoute(app, ctx, hubApi.publicMonitors, () => publicMonitors(ctx));
  addRoute(app, ctx, hubApi.publicMonitor, ({ params }) => publicMonitor(ctx, params.id));
}
