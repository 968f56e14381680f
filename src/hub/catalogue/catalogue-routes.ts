import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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
  const searchQuery = z.object({
    q: z.string().max(200).optional(),
    code: z.string().max(100).optional(),
    type: z.string().max(100).optional(),
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/catalogue',
    summary:
      'Search datasets by text (q), a code present in the data (code), a table or resource type (type)',
    tag: 'catalogue',
    auth: 'none',
    query: searchQuery,
    handler: ({ query }) => searchCatalogue(ctx, query),
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/catalogue/datasets/:id',
    summary: 'One dataset',
    tag: 'catalogue',
    auth: 'none',
    params: z.object({ id: z.string().min(1) }),
    handler: async ({ params }) => {
      const d = (await searchCatalogue(ctx)).find((x) => x.id === params.id);
      if (!d) throw notFound('no such dataset', 'id');
      return d;
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/catalogue/dcat.jsonld',
    summary: 'The catalogue as HealthDCAT-AP JSON-LD',
    tag: 'catalogue',
    auth: 'none',
    query: searchQuery,
    handler: async ({ query, reply }) => {
      reply.type('application/ld+json');
      return catalogueJsonLd(await searchCatalogue(ctx, query), publicUrl(), about());
    },
  });
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/catalogue/dcat.ttl',
    summary: 'The catalogue as HealthDCAT-AP Turtle',
    tag: 'catalogue',
    auth: 'none',
    query: searchQuery,
    handler: async ({ query, reply }) => {
      reply.type('text/turtle; charset=utf-8');
      return catalogueTurtle(await searchCatalogue(ctx, query), publicUrl(), about());
    },
  });
}
