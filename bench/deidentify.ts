/**
 * Cost and quality of the Dutch note de-identifier against a baseline version of it, in the same run.
 *
 * The baseline is `src/privacy/deidentify/` as it was at a git revision (default: the commit before the
 * gazetteers were added), unpacked into a temporary folder and imported beside the current code. Both
 * de-identify the same notes: the synthetic generator's (what an ingest sees; ~540 characters each) and
 * the hand-written evaluation notes (`src/privacy/deidentify/eval/`). Passes alternate between the two
 * versions; the fastest pass of each counts (CPU time of this process, µs per note).
 *
 * Run: node bin/run-ts.mjs bench/deidentify.ts [--baseline REV] [--patients 2000] [--passes 5]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type DeidentifiedText,
  deidentifyDutchText,
} from '../src/privacy/deidentify/deidentify-dutch-text.ts';
import {
  evaluateDeidentification,
  type LabelledNote,
} from '../src/privacy/deidentify/evaluate-deidentification.ts';
import { generatePopulation } from '../src/synth/index.ts';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string', default: '86ac393' },
    patients: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '5' },
    passes: { type: 'string', default: '5' },
    /** Which note sets: generator, dev, test (comma-separated). */
    sets: { type: 'string', default: 'generator,dev,test' },
  },
});
const passes = Number(values.passes);

type Deidentify = (text: string) => DeidentifiedText;

/** The de-identifier as it was at `rev`, imported from a temporary copy of the source tree. */
async function baselineAt(rev: string, dir: string): Promise<Deidentify> {
  const tar = execFileSync('git', ['archive', rev, 'src/privacy/deidentify', 'src/common'], {
    maxBuffer: 64 << 20,
  });
  mkdirSync(dir, { recursive: true });
  // The copy lies outside the project, so it needs its own word that its .ts files are ES modules.
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  const mod = (await import(
    pathToFileURL(join(dir, 'src/privacy/deidentify/deidentify-dutch-text.ts')).href
  )) as {
    deidentifyDutchText: Deidentify;
  };
  return mod.deidentifyDutchText;
}

function readNdjson(file: string): LabelledNote[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as LabelledNote);
}

/** CPU µs per note of the fastest pass, passes alternating between the versions so load hits both. */
function time(versions: Deidentify[], texts: string[]): number[] {
  const best = versions.map(() => Number.POSITIVE_INFINITY);
  for (let p = 0; p < passes; p++) {
    versions.forEach((deidentify, v) => {
      const t0 = process.cpuUsage();
      for (const t of texts) deidentify(t);
      const used = process.cpuUsage(t0);
      best[v] = Math.min(best[v]!, (used.user + used.system) / texts.length);
    });
  }
  return best;
}

const fmt = (x: number | null) => (x === null ? '   —  ' : x.toFixed(4));

const work = mkdtempSync(join(tmpdir(), 'ai4h-deid-bench-'));
try {
  const baseline = await baselineAt(values.baseline!, join(work, 'baseline'));
  const popDir = join(work, 'population');
  await generatePopulation({ patients: Number(values.patients), seed: Number(values.seed), outDir: popDir });
  const wanted = new Set(values.sets!.split(','));
  const sets: [string, LabelledNote[]][] = [];
  if (wanted.has('generator')) {
    const name = `generator (${values.patients} patients, seed ${values.seed})`;
    sets.push([name, readNdjson(join(popDir, 'note-labels.ndjson'))]);
  }
  if (wanted.has('dev')) {
    const dev = ['dev', 'dev2', 'dev3', 'dev4', 'dev5', 'dev6', 'dev7', 'dev8'].flatMap((f) =>
      readNdjson(`src/privacy/deidentify/eval/${f}.ndjson`),
    );
    sets.push(['hand-written development notes', dev]);
  }
  if (wanted.has('test')) {
    sets.push(['hand-written test notes', readNdjson('src/privacy/deidentify/eval/test.ndjson')]);
  }
  console.info(`baseline: src/privacy/deidentify at ${values.baseline}; current: the working tree\n`);
  console.info('notes                                      n  chars/note  baseline µs  current µs  ratio');
  for (const [name, notes] of sets) {
    const texts = notes.map((n) => n.text);
    const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
    const [base, current] = time([baseline, deidentifyDutchText], texts);
    console.info(
      `${name.padEnd(40)}${String(texts.length).padStart(5)}${chars.toFixed(0).padStart(12)}` +
        `${base!.toFixed(1).padStart(13)}${current!.toFixed(1).padStart(12)}${(current! / base!).toFixed(2).padStart(7)}`,
    );
  }
  console.info('\nrecall / precision (identifiers found; removed words that were identifying)');
  for (const [name, notes] of sets) {
    const b = evaluateDeidentification(notes, baseline).overall;
    const c = evaluateDeidentification(notes, deidentifyDutchText).overall;
    console.info(
      `${name.padEnd(40)} baseline ${fmt(b.recall)} / ${fmt(b.precision)}   current ${fmt(c.recall)} / ${fmt(c.precision)}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
