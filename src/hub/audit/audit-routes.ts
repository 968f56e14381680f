import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { signAuditHead } from '../../protocol/audit-head-signature.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';

export function auditRoutes(app: FastifyInstance, ctx: HubContext): void {
  addRoute(app, ctx, hubApi.audit, ({ query }) => ctx.audit.list(query));
  addRoute(app, ctx, hubApi.verifyAudit, () => ctx.audit.verify());
  addRoute(app, ctx, hubApi.hubAuditHead, async () => {
    const head = await ctx.audit.head();
    return signAuditHead(
      { kind: 'hub-audit-head', entries: head.seq, hash: head.hash, signedAt: ctx.now().toISOString() },
      ctx.keys,
    );
  });
}
