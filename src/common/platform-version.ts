import { createRequire } from 'node:module';

/** The platform's version (package.json), named where something records what software produced it. */
export const PLATFORM_VERSION: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
