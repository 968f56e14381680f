/**
 * The hub's REST API, described once: the route table (`hubApi`), the schemas of every request and
 * response, the error body, the OpenAPI document made from them, and a typed fetch client. The hub,
 * src/hub-client, the stations and the web UI all use these; nothing here imports Node modules.
 */
export * from './access-schemas.ts';
export * from './api-client.ts';
export * from './api-route.ts';
export * from './api-values.ts';
export * from './audit-schemas.ts';
export * from './catalogue-schemas.ts';
export * from './error-body.ts';
export * from './governance-api.ts';
export * from './governance-schemas.ts';
export * from './hub-api.ts';
export * from './monitor-schemas.ts';
export * from './network-schemas.ts';
export * from './openapi-document.ts';
export * from './organisation-schemas.ts';
export * from './run-schemas.ts';
export * from './station-schemas.ts';
export * from './steward-schemas.ts';
