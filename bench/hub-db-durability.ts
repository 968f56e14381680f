import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPgliteHubDb } from '../src/hub/db/pglite-hub-db.ts';

/**
 * The price of a durable embedded hub database: commits per second of PGlite in a folder with every
 * commit flushed to disk (the default) against PGlite's own setting (fsync off), same statements, same run.
 *
 *   node bin/run-ts.mjs bench/hub-db-durability.ts [--commits 300]
 */
const { values } = parseArgs({ options: { commits: { type: 'string', default: '300' } } });
const commits = Number(values.commits);

async function measure(durable: boolean): Promise<{ openMs: number; commitMs: number; kb: number }> {
  const root = await mkdtemp(join(tmpdir(), 'ai4h-hubdb-bench-'));
  try {
    const t0 = performance.now();
    const db = await openPgliteHubDb(join(root, 'hub'), { durable });
    const openMs = performance.now() - t0;
    await db.exec('create table t (id int primary key, body jsonb not null)');
    const body = { label: 'x'.repeat(200), n: 1 };
    const t1 = performance.now();
    for (let i = 0; i < commits; i++) await db.query('insert into t values ($1, $2)', [i, body]);
    const commitMs = performance.now() - t1;
    await db.close();
    return { openMs, commitMs, kb: (commits * JSON.stringify(body).length) / 1024 };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const relaxed = await measure(false);
const durable = await measure(true);
const row = (name: string, r: typeof relaxed) =>
  `${name.padEnd(28)} ${String(commits).padStart(7)} ${r.kb.toFixed(0).padStart(6)} KB ${r.openMs.toFixed(0).padStart(8)} ${r.commitMs.toFixed(0).padStart(9)} ${((commits / r.commitMs) * 1000).toFixed(0).padStart(11)}`;
console.log(`${'setting'.padEnd(28)} commits   data  open ms commits ms  commits/s`);
console.log(row('fsync off (baseline)', relaxed));
console.log(row('fsync on (default)', durable));
console.log(`time per commit, durable / baseline: ${(durable.commitMs / relaxed.commitMs).toFixed(2)}×`);
