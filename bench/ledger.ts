/**
 * The station's release ledger at scale: a station of N patients that has released R earlier sets
 * (default 1,000,000 patients, 10,000 releases), then the time to check one more release and the storage
 * each release takes. The baseline, measured in the same run on the same file, is the same exact check
 * without the sketch and sample pre-filters: every earlier set compared member by member (roaring
 * `andCardinality`, read from the file when it is not in the 256 MiB cache).
 *
 * The earlier sets are random-looking cohorts: AND/OR/AND-NOT combinations of 64 random halves of the
 * population, cut to a random range of patient numbers, so sizes run from about 1% to 90% of N. A few
 * pairs are planted so that the attacks have something to find: a set and its two disjoint halves, and a
 * cohort cut into three disjoint parts (the parts released, the cohort not).
 *
 * The check of three or more earlier sets (`cover`: sums of pairwise disjoint earlier sets) is measured
 * against the same check without it (`limits.cover: false`, a second ledger object on the same file), on
 * the same candidates in the same run, alternating; it stores nothing, so the file is the same for both.
 *
 * Every earlier set is written with the question it was released for (500 questions), as the local
 * runner records them; the question's cost is measured against the same checks with no questions (one
 * question for everything: only the members decide), on the same candidates in the same run.
 *
 * Usage: node bin/run-ts.mjs bench/ledger.ts [--patients 1000000] [--releases 10000] [--checks 20]
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findDifferencing } from '../src/privacy/disclosure/differencing-check.ts';
import { oneQuestion, type QuestionOf, ReleaseLedger } from '../src/privacy/disclosure/release-ledger.ts';
import { LedgerFile } from '../src/privacy/disclosure/release-ledger-file.ts';
import { RoaringBitmap32 } from '../src/privacy/disclosure/roaring.ts';
import { sketchOf } from '../src/privacy/disclosure/set-sketch.ts';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000000' },
    releases: { type: 'string', default: '10000' },
    checks: { type: 'string', default: '20' },
    threshold: { type: 'string', default: '10' },
  },
});
const N = Number(values.patients);
const R = Number(values.releases);
const CHECKS = Number(values.checks);
const T = Number(values.threshold);
/** Earlier sets planted for the attacks (the first ones written). */
const PLANTED = 7;

let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rand() * n);
const ms = (t: number) => performance.now() - t;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The question earlier set `j` was released for (32 hex characters, as the local runner's digests). */
const questionOf = (j: number) =>
  createHash('sha256')
    .update(`question ${j % 500}`)
    .digest('hex')
    .slice(0, 32);

console.log(
  `release ledger: ${N.toLocaleString('en')} patients, ${R.toLocaleString('en')} earlier releases, threshold ${T}`,
);
let t = performance.now();
const halves: RoaringBitmap32[] = [];
for (let k = 0; k < 64; k++) {
  const members = new Uint32Array(N);
  let m = 0;
  for (let i = 0; i < N; i++) if (rand() < 0.5) members[m++] = i;
  halves.push(new RoaringBitmap32(members.subarray(0, m)));
}
const range = (from: number, to: number) => {
  const r = new RoaringBitmap32();
  r.addRange(from, to);
  return r;
};
/** A random-looking cohort: a combination of halves, cut to a random range of patient numbers. */
function cohort(): RoaringBitmap32 {
  // Halves 62 and 63 are kept for the planted splits, so a split never coincides with a cohort's own cut.
  const a = halves[int(62)]!;
  const b = halves[int(62)]!;
  const c = halves[int(62)]!;
  const op = int(4);
  let s =
    op === 0
      ? RoaringBitmap32.and(a, b)
      : op === 1
        ? RoaringBitmap32.or(a, b)
        : op === 2
          ? RoaringBitmap32.andNot(RoaringBitmap32.or(a, b), c)
          : RoaringBitmap32.and(RoaringBitmap32.and(a, b), c);
  if (rand() < 0.7) {
    const width = Math.max(1000, Math.floor(N * rand()));
    const from = int(N - width + 1);
    s = RoaringBitmap32.and(s, range(from, from + width));
  }
  s.runOptimize();
  return s;
}
console.log(`random halves: ${(ms(t) / 1000).toFixed(1)} s (set-up, not measured)`);
/** SHA-256 of the sorted members, as the ledger keys a set. */
function digestOf(s: RoaringBitmap32): string {
  const sorted = s.toUint32Array();
  return createHash('sha256')
    .update(new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength))
    .digest('hex');
}

const dir = await mkdtemp(join(tmpdir(), 'ai4h-bench-ledger-'));
try {
  // Patients are numbered 0..N−1 in the ledger's own numbering file, as a station that released them all.
  const path = join(dir, 'release-ledger.bin');
  t = performance.now();
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`p${i.toString(16).padStart(12, '0')}`);
  await writeFile(`${path}.patients`, `${lines.join('\n')}\n`, { mode: 0o600 });
  const earlier: RoaringBitmap32[] = [];
  const digests = new Set<string>();
  const file = new LedgerFile(path);
  const planted: RoaringBitmap32[] = [];
  const bases: RoaringBitmap32[] = [];
  let members = 0;
  for (let k = 0; k < R; k += 100) {
    const batch = [];
    for (let j = k; j < Math.min(R, k + 100); j++) {
      let s: RoaringBitmap32;
      if (j < PLANTED) {
        // The attacks' material: two disjoint halves of one cohort (union), a cohort with a part of it
        // (complement), and three disjoint parts of a cohort that is not released itself (cover).
        const base = j === 5 || j === 6 ? bases[4]! : cohort();
        s =
          j === 0
            ? RoaringBitmap32.and(base, halves[62]!)
            : j === 1
              ? RoaringBitmap32.andNot(planted[0] ? bases[0]! : base, halves[62]!)
              : j === 2
                ? base
                : j === 3
                  ? RoaringBitmap32.and(planted[2]!, halves[63]!)
                  : j === 4
                    ? RoaringBitmap32.and(base, halves[62]!)
                    : j === 5
                      ? RoaringBitmap32.and(RoaringBitmap32.andNot(base, halves[62]!), halves[63]!)
                      : RoaringBitmap32.andNot(RoaringBitmap32.andNot(base, halves[62]!), halves[63]!);
        bases.push(base);
        planted.push(s);
      } else {
        // A ledger keeps identical sets once (with every question they answer): no repeats here.
        do s = cohort();
        while (digests.has(digestOf(s)));
      }
      members += s.size;
      earlier.push(s);
      const sorted = s.toUint32Array();
      const digest = digestOf(s);
      digests.add(digest);
      batch.push({
        header: {
          size: s.size,
          sketch: sketchOf(sorted),
          digest,
          label: `bench ${j}`,
          task: 'bench',
          at: '',
          questions: [questionOf(j)],
        },
        members: s,
      });
    }
    file.append(batch);
  }
  const fileBytes = file.bytes;
  // The header bytes a question adds: the JSON field with one digest.
  const questionBytes = JSON.stringify({ questions: [questionOf(0)] }).length - 2 + 1;
  file.close();
  console.log(
    `writing ${R} releases (${members.toLocaleString('en')} members in all): ${(ms(t) / 1000).toFixed(1)} s`,
  );
  console.log(
    `ledger file: ${mb(fileBytes)}, ${(fileBytes / R / 1024).toFixed(1)} KB per release on average; ` +
      `patient numbers: ${mb(N * 14)}`,
  );

  const rss0 = process.memoryUsage().rss;
  t = performance.now();
  const ledger = ReleaseLedger.open(path);
  const openMs = ms(t);
  console.log(
    `open (read ${R} headers and ${N.toLocaleString('en')} patient numbers): ${openMs.toFixed(0)} ms, ` +
      `RSS +${mb(process.memoryUsage().rss - rss0)}`,
  );

  /**
   * A random cohort that is none of the earlier sets: drawn from the same few halves, one can repeat an
   * earlier set exactly, and those patients asked by a new question are withheld.
   */
  const freshCohort = () => {
    for (;;) {
      const s = cohort();
      if (!digests.has(digestOf(s))) return s;
    }
  };
  const timeAdmit = async (
    label: string,
    make: (k: number) => RoaringBitmap32,
    expected: boolean,
    times: number,
    question: (k: number) => QuestionOf = () => () => 'a new question',
  ) => {
    const took: number[] = [];
    for (let k = 0; k < times; k++) {
      const s = make(k);
      const guard = await ledger.begin(`check-${label}-${k}`, T, question(k));
      const t0 = performance.now();
      const ok = guard.admitMembers(label, s);
      took.push(ms(t0));
      guard.abort();
      if (ok !== expected) throw new Error(`${label}: expected ${expected ? 'admitted' : 'refused'}`);
    }
    return median(took);
  };
  const oneOff = (s: RoaringBitmap32) => {
    const c = s.clone();
    c.remove(c.minimum());
    return c;
  };
  const fresh = await timeAdmit('a new cohort', freshCohort, true, CHECKS);
  // The question's cost: the same new cohorts checked with questions and with none (only the members
  // decide), alternating so that the cache and the machine's load treat both alike.
  const candidates = Array.from({ length: CHECKS }, () => freshCohort());
  const withQuestions: number[] = [];
  const withoutQuestions: number[] = [];
  for (const [k, s] of [...candidates.entries(), ...candidates.entries(), ...candidates.entries()]) {
    const both = [
      [withQuestions, () => 'a new question'],
      [withoutQuestions, oneQuestion],
    ] as const;
    // Which goes first alternates: the first check of a cohort may read members the second finds cached.
    for (const [times, q] of k % 2 === 0 ? both : [...both].reverse()) {
      const guard = await ledger.begin(`question-cost-${k}`, T, q);
      const t0 = performance.now();
      if (!guard.admitMembers('a new cohort', s)) throw new Error('a new cohort was refused');
      times.push(ms(t0));
      guard.abort();
    }
  }
  const pick = (k: number) => PLANTED + ((k * 7919) % (R - PLANTED));
  const sameQuestion = await timeAdmit(
    'an earlier release again, for its question',
    (k) => earlier[pick(k)]!,
    true,
    CHECKS,
    (k) => () => questionOf(pick(k)),
  );
  const otherQuestion = await timeAdmit(
    'an earlier release again, for another question',
    (k) => earlier[pick(k)]!,
    false,
    CHECKS,
  );
  const nearCopy = await timeAdmit(
    'an earlier release minus one patient',
    () => oneOff(earlier[PLANTED + int(R - PLANTED)]!),
    false,
    CHECKS,
  );
  const union = await timeAdmit(
    'two earlier releases together plus one patient',
    () => {
      const u = RoaringBitmap32.or(planted[0]!, planted[1]!);
      u.add(RoaringBitmap32.andNot(range(0, N), u).minimum());
      return u;
    },
    false,
    Math.max(3, Math.floor(CHECKS / 4)),
  );
  const complement = await timeAdmit(
    'an earlier release without another, plus one patient',
    () => {
      const d = RoaringBitmap32.andNot(planted[2]!, planted[3]!);
      d.add(planted[3]!.minimum());
      return d;
    },
    false,
    Math.max(3, Math.floor(CHECKS / 4)),
  );
  const threeParts = () => {
    const u = RoaringBitmap32.orMany([planted[4]!, planted[5]!, planted[6]!]);
    u.add(RoaringBitmap32.andNot(range(0, N), u).minimum());
    return u;
  };
  const cover = await timeAdmit(
    'three disjoint earlier releases plus one patient',
    threeParts,
    false,
    Math.max(3, Math.floor(CHECKS / 4)),
  );
  // The cost of the check of three or more sets: the same candidates through a ledger without it, on the
  // same file, alternating which goes first (each ledger object has its own member cache).
  const withoutCover = ReleaseLedger.open(path, { readOnly: true, limits: { cover: false } });
  const coverCost = async (name: string, make: () => RoaringBitmap32, times: number) => {
    const sets = Array.from({ length: times }, make);
    const on: number[] = [];
    const off: number[] = [];
    const verdicts = new Set<string>();
    for (const [k, s] of [...sets.entries(), ...sets.entries(), ...sets.entries()]) {
      const both = [
        [on, ledger],
        [off, withoutCover],
      ] as const;
      for (const [times, l] of k % 2 === 0 ? both : [...both].reverse()) {
        const guard = await l.begin(`cover-cost-${k}`, T);
        const t0 = performance.now();
        const ok = guard.admitMembers(name, s);
        times.push(ms(t0));
        guard.abort();
        verdicts.add(`${l === ledger ? 'with' : 'without'}:${ok}`);
      }
    }
    return { on: median(on), off: median(off), verdicts: [...verdicts].sort().join(', ') };
  };
  const coverNew = await coverCost('a new cohort', freshCohort, CHECKS);
  const coverSmall = await coverCost(
    'a new cohort of about 1% of the patients',
    () => {
      for (;;) {
        const from = int(N - Math.floor(N / 100));
        const s = RoaringBitmap32.and(freshCohort(), range(from, from + Math.floor(N / 50)));
        if (s.size >= T && !digests.has(digestOf(s))) return s;
      }
    },
    CHECKS,
  );
  const coverAll = await coverCost('every patient', () => range(0, N), 1);
  const coverAttack = await coverCost('three disjoint earlier releases plus one patient', threeParts, 3);
  withoutCover.close();

  // The end-to-end cost at the station: pseudonyms → numbers → bitmap, then the check.
  const ids = lines.filter(() => rand() < 0.3);
  const guard = await ledger.begin('strings', T);
  t = performance.now();
  guard.admit('a cohort of pseudonyms', ids);
  const endToEnd = ms(t);
  guard.abort();

  // Baseline: the same check on the same file, without the pre-filters: every earlier set compared
  // with the new one by its members (read from the file when not in the cache).
  const plain = ReleaseLedger.open(path, { readOnly: true, limits: { prefilter: false } });
  const baselineTimes: number[] = [];
  for (let k = 0; k < Math.max(3, Math.floor(CHECKS / 4)); k++) {
    const s = freshCohort();
    const g = await plain.begin(`baseline-${k}`, T);
    const t0 = performance.now();
    if (!g.admitMembers('baseline', s)) throw new Error('baseline refused a random cohort');
    baselineTimes.push(ms(t0));
    g.abort();
  }
  plain.close();
  const baseline = median(baselineTimes);
  // Adversarial: every earlier set the same size as the candidate and overlapping it (nothing filtered).
  const same = earlier.slice(PLANTED, PLANTED + Math.min(1000, R - PLANTED));
  const probe = cohort();
  const alike = same.map((s) => {
    const x = RoaringBitmap32.or(
      RoaringBitmap32.and(probe, halves[int(64)]!),
      RoaringBitmap32.and(s, halves[int(64)]!),
    );
    return { size: probe.size, sketch: sketchOf(x.toUint32Array()), members: () => x };
  });
  const tw = performance.now();
  findDifferencing(
    { size: probe.size, sketch: sketchOf(probe.toUint32Array()), members: () => probe },
    alike,
    T,
  );
  const worstPer1000 = ms(tw);

  console.log('');
  console.log('| check (median) | ms |');
  console.log('| --- | ---: |');
  console.log(`| a new random cohort (admitted) | ${fresh.toFixed(2)} |`);
  console.log(`| an earlier release minus one patient (refused: difference) | ${nearCopy.toFixed(2)} |`);
  console.log(`| two disjoint earlier releases plus one patient (refused: union) | ${union.toFixed(2)} |`);
  console.log(
    `| an earlier release without another plus one patient (refused: complement) | ${complement.toFixed(2)} |`,
  );
  console.log(`| three disjoint earlier releases plus one patient (refused: cover) | ${cover.toFixed(2)} |`);
  console.log(
    `| the same new cohorts with questions / without (only the members decide) | ${median(withQuestions).toFixed(2)} / ${median(withoutQuestions).toFixed(2)} |`,
  );
  console.log(`| an earlier release again, for its own question (answered) | ${sameQuestion.toFixed(2)} |`);
  console.log(
    `| an earlier release again, for another question (withheld: difference) | ${otherQuestion.toFixed(2)} |`,
  );
  console.log(
    `| baseline: the same check without sketches and samples (a new random cohort) | ${baseline.toFixed(2)} |`,
  );
  console.log(
    `| end to end: ${ids.length.toLocaleString('en')} pseudonyms numbered, bitmap built, checked | ${endToEnd.toFixed(2)} |`,
  );
  console.log(
    `| adversarial: 1,000 earlier sets the candidate's size, overlapping it (no filter helps) | ${worstPer1000.toFixed(2)} |`,
  );
  console.log('');
  console.log(`ratio new cohort / baseline: ${(fresh / baseline).toFixed(4)}`);
  console.log(
    `ratio with questions / without: ${(median(withQuestions) / median(withoutQuestions)).toFixed(3)} ` +
      `(${CHECKS} cohorts, 3 passes each); a question adds ${questionBytes} bytes to a set's header`,
  );
  console.log(
    `storage per release: ${(fileBytes / R / 1024).toFixed(1)} KB (a set of ${(members / R / 1000).toFixed(0)}k patients on average)`,
  );
  console.log('');
  console.log('| check of three or more sets (median ms, 3 passes) | with | without | ratio | answers |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const [name, c] of [
    [`${CHECKS} new random cohorts`, coverNew],
    [`${CHECKS} new cohorts of about 1% of the patients`, coverSmall],
    ['every patient (every earlier set inside it)', coverAll],
    ['three disjoint earlier releases plus one patient', coverAttack],
  ] as const)
    console.log(
      `| ${name} | ${c.on.toFixed(2)} | ${c.off.toFixed(2)} | ${(c.on / c.off).toFixed(3)} | ${c.verdicts} |`,
    );
  console.log(
    `storage with and without: ${mb(fileBytes)} (${(fileBytes / R / 1024).toFixed(1)} KB per release) both; the check stores nothing`,
  );
  ledger.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
