export { HubClient, type HubClientOptions } from './hub-client.ts';
