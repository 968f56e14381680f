/**
 * The station's column ledger (sums of patient values) at scale: the cost of the check per release and
 * the storage per release.
 *
 * 1. Per row: a column over N patients (default 1,000,000) released through `ReleaseGuard.moments`
 *    (patient numbers, canonical quantising, the near-constant rule, the sketch, noised moments) against
 *    an empty column ledger. Baseline in the same run: the exact mean and SD of the same column (what a
 *    release cost before), and the set ledger's check of the same patients (`admit`, a repeat).
 * 2. Per earlier release: R earlier columns (default 10,000) all over one population of P patients
 *    (default 2,000: every earlier column has the new one's size, so the size filter skips none — the
 *    worst case), written to a real ledger file; then the time to check one more column (admitted: it
 *    differs from all on many patients; refused: 5 patients changed from an earlier one), the bytes per
 *    release, and the time to open the file again.
 *
 * Usage: node bin/run-ts.mjs bench/column-ledger.ts [--patients 1000000] [--releases 10000]
 *        [--population 2000] [--checks 15]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SKETCH_BYTES } from '../src/privacy/disclosure/column-sketch.ts';
import { ReleaseLedger } from '../src/privacy/disclosure/release-ledger.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000000' },
    releases: { type: 'string', default: '10000' },
    population: { type: 'string', default: '2000' },
    checks: { type: 'string', default: '15' },
    'skip-rows': { type: 'boolean', default: false },
  },
});
const N = Number(values.patients);
const R = Number(values.releases);
const P = Number(values.population);
const CHECKS = Number(values.checks);
const T = 10;

let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const ms = (t: number) => performance.now() - t;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Encounter-like counts: mostly small whole numbers. */
const column = (n: number) => Float64Array.from({ length: n }, () => Math.floor(-Math.log(rand()) * 2));

const dir = await mkdtemp(join(tmpdir(), 'column-ledger-bench-'));
try {
  if (!values['skip-rows']) await perRow();
  await perEarlierRelease();
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function perRow(): Promise<void> {
  console.log(`column ledger: per row at ${N.toLocaleString('en')} patients`);
  const ids = Array.from({ length: N }, (_, i) => `pseudonym-${i.toString(36).padStart(8, '0')}`);
  const ledger = ReleaseLedger.open(join(dir, 'rows', 'release-ledger.bin'));
  // Number the patients once (a station's numbering file exists after its first release).
  let g = await ledger.begin('numbering', T);
  g.admit('population', ids);
  g.commit();
  const base: number[] = [];
  const sets: number[] = [];
  const checked: number[] = [];
  for (let k = 0; k < Math.min(CHECKS, 7); k++) {
    const v = column(N);
    let t = performance.now();
    let s = 0;
    for (const x of v) s += x;
    const mean = s / N;
    let m2 = 0;
    for (const x of v) m2 += (x - mean) ** 2;
    if (!Number.isFinite(Math.sqrt(m2 / (N - 1)))) throw new Error('no SD');
    base.push(ms(t));
    g = await ledger.begin(`rows-${k}`, T);
    t = performance.now();
    g.admit('population', ids);
    sets.push(ms(t));
    t = performance.now();
    if (!g.moments(`column ${k}`, ids, v, 5)) throw new Error('a random column was refused');
    checked.push(ms(t));
    g.commit();
  }
  ledger.close();
  console.log(`| step (median of ${base.length}) | ms |`);
  console.log('| --- | ---: |');
  console.log(`| baseline: exact mean and SD of the column | ${median(base).toFixed(1)} |`);
  console.log(
    `| baseline: the set ledger's check of the same patients (a repeat) | ${median(sets).toFixed(1)} |`,
  );
  console.log(`| column ledger: check + noised moments | ${median(checked).toFixed(1)} |`);
  console.log(`ratio column check / exact moments: ${(median(checked) / median(base)).toFixed(1)}`);
}

async function perEarlierRelease(): Promise<void> {
  const ids = Array.from({ length: P }, (_, i) => `pseudonym-${i.toString(36).padStart(8, '0')}`);
  // Baseline in the same run, interleaved with the measured checks: the same check against an empty
  // column ledger (the per-row part only).
  const empty = ReleaseLedger.open();
  const alone: number[] = [];
  const baseline = async () => {
    const g0 = await empty.begin('alone', T);
    const t0 = performance.now();
    if (!g0.admitColumn('new', ids, column(P))) throw new Error('a random column was refused');
    alone.push(ms(t0));
    g0.abort();
  };
  const path = join(dir, 'many', 'release-ledger.bin');
  const many = ReleaseLedger.open(path);
  const pop = ids;
  const earlier: Float64Array[] = [];
  let t = performance.now();
  for (let r = 0; r < R; r++) {
    const v = column(P);
    if (r < 100) earlier.push(v);
    const g2 = await many.begin(`earlier-${r}`, T);
    if (!g2.admitColumn(`column ${r}`, pop, v)) throw new Error('a random column was refused');
    g2.commit();
  }
  console.log(`written in ${(ms(t) / 1000).toFixed(1)} s (one task, one flush per release)`);
  const bytes = (await stat(`${path}.columns`)).size;
  console.log(
    `ledger file: ${(bytes / 1024 / 1024).toFixed(1)} MB, ${(bytes / R / 1024).toFixed(2)} KB per release (sketch ${SKETCH_BYTES} B + header)`,
  );
  const admitted: number[] = [];
  const refused: number[] = [];
  for (let k = 0; k < CHECKS; k++) {
    await baseline();
    const g3 = await many.begin(`check-${k}`, T);
    let t2 = performance.now();
    if (!g3.admitColumn('new', pop, column(P))) throw new Error('a random column was refused');
    admitted.push(ms(t2));
    const near = Float64Array.from(earlier[k % earlier.length]!);
    for (let i = 0; i < 5; i++) near[(k * 37 + i * 101) % P]! += 1;
    t2 = performance.now();
    if (g3.admitColumn('5 patients changed', pop, near)) throw new Error('a 5-patient change was admitted');
    refused.push(ms(t2));
    g3.abort();
  }
  many.close();
  t = performance.now();
  const reopened = ReleaseLedger.open(path);
  const openMs = ms(t);
  if (reopened.columns.size !== R) throw new Error(`reopened ${reopened.columns.size} of ${R} columns`);
  reopened.close();
  console.log(`| check (median of ${CHECKS}) | ms |`);
  console.log('| --- | ---: |');
  console.log(`| baseline: the same check against no earlier column | ${median(alone).toFixed(2)} |`);
  console.log(
    `| a new column against ${R.toLocaleString('en')} earlier ones (admitted) | ${median(admitted).toFixed(1)} |`,
  );
  console.log(`| an earlier column with 5 patients changed (refused) | ${median(refused).toFixed(1)} |`);
  console.log(`| per earlier column | ${(((median(admitted) - median(alone)) / R) * 1000).toFixed(2)} µs |`);
  console.log(`| opening the ledger again (${R.toLocaleString('en')} columns) | ${openMs.toFixed(0)} |`);
}
