#!/usr/bin/env node
// `npm run typecheck`: the Node configuration and the browser one, checked at the same time (each tsc uses
// one core); fails when either finds an error, after both have printed theirs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const check = (config) =>
  new Promise((done) => {
    const child = spawn(process.execPath, [tsc, '-p', config, '--noEmit'], { stdio: 'inherit' });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.on('error', (e) => {
      console.error(`tsc -p ${config} did not start: ${e.message}`);
      done(1);
    });
  });
const codes = await Promise.all(['tsconfig.json', 'tsconfig.browser.json'].map(check));
process.exitCode = codes.some((c) => c !== 0) ? 1 : 0;
