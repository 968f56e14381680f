/** The web UI, served by the hub as a plugin, and its build. */
export { buildWebApp, ensureWebAppBuilt, WEB_APP_DIST, webAppBuilt } from './web-app-build.ts';
export { registerWebUi } from './web-routes.ts';
