import { type ApiClient, createApiClient, type Role } from '../../../src/api/index.ts';

/** The one client of the hub's REST API (typed from src/api, every answer checked against its schema). */
export const api: ApiClient = createApiClient();

export type { Role };
