#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step), so `npm install && npm start` is all a user needs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
