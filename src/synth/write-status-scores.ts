// Writes the synthetic PC4 status-score table the stations ship (src/regional/pc4-status-score.json):
// node bin/run-ts.mjs src/synth/write-status-scores.ts
import { writeFileSync } from 'node:fs';
import { statusScoreTable } from './neighbourhood-status.ts';

const url = new URL('../regional/pc4-status-score.json', import.meta.url);
writeFileSync(url, `${JSON.stringify(statusScoreTable(), null, 2)}\n`);
console.log(`wrote ${url.pathname}`);
