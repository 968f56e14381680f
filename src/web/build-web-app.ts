/** `npm run build:web`: builds the web app into web/dist. */
import { buildWebApp, WEB_APP_DIST } from './web-app-build.ts';

const started = Date.now();
await buildWebApp();
process.stdout.write(
  `web app built into ${WEB_APP_DIST} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
