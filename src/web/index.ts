/** The web UI, served by the hub as a plugin. */
export { registerWebUi } from './web-routes.ts';
