export * from './hub-api-types.ts';
export { HubClient, type HubClientOptions } from './hub-client.ts';
