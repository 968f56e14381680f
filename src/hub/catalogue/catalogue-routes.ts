import type { FastifyInstance } from 'fastify';
import { hubApi } from '../../api/hub-api.ts';
import { notFound } from '../../common/app-error.ts';
import { addRoute } from '../http/route.ts';
import type { HubContext } from '../hub-context.ts';
import { searchCatalogue } from './catalogue-service.ts';
import { catalogueJsonLd, catalogueTurtle, defaultCatalogueInfo } from './dcat-export.ts';

/**
 * The catalogue is public metadata (FAIR: findable without an account); the data is not. The catalogue
 * itself is published by the platform at the hub's public address, reachable at `email`.
 */
export function catalogueRoutes(
  app: FastifyInstance,
  ctx: HubContext,
  publicUrl: () => string,
  email?: string,
): void {
  const about = () => defaultCatalogueInfo(publicUrl(), email);
  addRoute(app, ctx, hubApi.searchCatalogue, ({ query }) => searchCatalogue(ctx, query));
  addRoute(app, ctx, hubApi.getDataset, async ({ params }) => {
    const d = (await searchCatalogue(ctx)).find((x) => x.id === params.id);
    if (!d) throw notFound('no such dataset', 'id');
    return d;
  });
  addRoute(app, ctx, hubApi.catalogueJsonLd, async ({ query }) =>
    catalogueJsonLd(await searchCatalogue(ctx, query), publicUrl(), about()),
  );
  addRoute(app, ctx, hubApi.catalogueTurtle, async ({ query }) =>
    catalogueTurtle(await searchCatalogue(ctx, query), publicUrl(), about()),
  );
}
