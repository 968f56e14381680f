import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { coversSmallGroup, revealsSmallGroup } from './differencing-oracle.fixture.ts';
import { definedQuestion, ReleaseLedger } from './release-ledger.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'release-ledger-'));
  dirs.push(dir);
  return join(dir, 'station', 'release-ledger.bin');
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `p${from + i}`);
/** Each label its own question. */
const byLabel = (label: string) => label;

describe('ReleaseLedger', () => {
  it('refuses a set one patient away from an earlier one, whatever the permit or algorithm', async () => {
    const ledger = ReleaseLedger.open();
    const first = await ledger.begin('task-1', 10);
    expect(first.admit('count', ids(0, 100))).toBe(true);
    first.commit();
    const second = await ledger.begin('task-2', 10);
    expect(second.admit('count', ids(0, 99))).toBe(false);
    expect(second.admit('count', ids(0, 90))).toBe(true);
    expect(second.admit('count again', ids(0, 100))).toBe(true);
    expect(() => second.require('mean', ids(1, 100))).toThrow(/differs from an earlier released group/);
    second.commit();
    expect(ledger.size).toBe(2);
  });

  it('refuses two earlier sets put together, and one without the other, give or take a few', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10);
    expect(g.admit('under 50', ids(0, 40))).toBe(true);
    expect(g.admit('50 to 96', ids(40, 97))).toBe(true);
    // Everyone minus the two released groups = the patients aged 97 and over (3 of them).
    expect(g.admit('everyone', ids(0, 100))).toBe(false);
    // Everyone up to 96 without those under 50 is the second group again: fine.
    expect(g.admit('everyone up to 96', ids(0, 97))).toBe(true);
    // 40–99 is "everyone up to 96" without "under 50", plus 3 patients.
    expect(g.admit('40 to 99', ids(40, 100))).toBe(false);
    g.commit();
  });

  it('answers the same patients again only for the same definition; combines sets of one population', async () => {
    const c = definedQuestion('population', 'has C');
    const cOrX = definedQuestion('population', 'has C or X');
    const question = (label: string) =>
      label.startsWith('C or X') ? cOrX : label.startsWith('C') ? c : 'population';
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, question);
    expect(g.admit('everyone', ids(0, 100))).toBe(true);
    expect(g.admit('C holders', ids(0, 30))).toBe(true);
    // The same definition asked again (another algorithm, another name): answered.
    expect(g.admit('C holders, a model', ids(0, 30))).toBe(true);
    // Another definition reaching the same patients: withheld, as one a patient away is.
    expect(g.admit('C or X holders', ids(0, 30))).toBe(false);
    expect(g.admit('C or X holders', ids(0, 31))).toBe(false);
    // The population without C's holders is a complement within one population: answered.
    expect(g.admit('others', ids(30, 100))).toBe(true);
    g.commit();
  });

  it('withholds small sets and admits empty ones', async () => {
    const g = await ReleaseLedger.open().begin('t', 10);
    expect(g.admit('small', ids(0, 9))).toBe(false);
    expect(g.admit('empty', [])).toBe(true);
    expect(g.admitted).toBe(1);
    expect(() => g.require('small', ids(0, 3))).toThrow(/below the station's minimum count/);
  });

  it('forgets the sets of an aborted task', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10);
    expect(g.admit('a', ids(0, 50))).toBe(true);
    g.abort();
    const h = await ledger.begin('u', 10);
    expect(h.admit('b', ids(0, 49))).toBe(true);
    h.commit();
  });

  it('holds one task at a time, so two answers cannot both pass against the same history', async () => {
    const ledger = ReleaseLedger.open();
    const a = await ledger.begin('a', 10);
    let bStarted = false;
    const b = ledger.begin('b', 10).then((g) => {
      bStarted = true;
      return g;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(bStarted).toBe(false);
    expect(a.admit('x', ids(0, 50))).toBe(true);
    a.commit();
    const gb = await b;
    expect(gb.admit('y', ids(0, 51))).toBe(false);
    gb.commit();
  });

  it('keeps its sets on disk (0600), reads them back after a restart, and cuts a record a crash left half written', async () => {
    const path = await tempFile();
    const ledger = ReleaseLedger.open(path);
    const g = await ledger.begin('t', 10);
    expect(g.admit('a', ids(0, 1000))).toBe(true);
    expect(g.admit('b', ids(500, 700))).toBe(true);
    g.commit();
    ledger.close();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}.patients`)).mode & 0o777).toBe(0o600);
    const whole = await readFile(path);
    await writeFile(path, Buffer.concat([whole, whole.subarray(0, 40)]));

    const again = ReleaseLedger.open(path, { cacheBytes: 0 });
    expect(again.size).toBe(2);
    expect((await readFile(path)).byteLength).toBe(whole.byteLength);
    const h = await again.begin('u', 10);
    expect(h.admit('a minus one', ids(1, 1000))).toBe(false);
    expect(h.admit('b plus one', ids(500, 701))).toBe(false);
    expect(h.admit('a again', ids(0, 1000))).toBe(true);
    h.commit();
    again.close();
  });

  it('withholds the same patients reached by another question exactly like a set a few patients away', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, byLabel);
    expect(g.admit('18+ with C', ids(0, 100))).toBe(true);
    g.commit();
    // The neighbour "18 to M−1 with C": the same patients when the oldest lacks C, 3 fewer when not.
    const h = await ledger.begin('u', 10, byLabel);
    expect(h.admit('18 to M−1 with C', ids(0, 100))).toBe(false);
    expect(h.admit('18 to M−1 with D', ids(0, 97))).toBe(false);
    let same: unknown;
    let fewer: unknown;
    try {
      h.require('18 to M−1 with C', ids(0, 100));
    } catch (e) {
      same = e;
    }
    try {
      h.require('18 to M−1 with C', ids(0, 97));
    } catch (e) {
      fewer = e;
    }
    // Nothing in the refusal tells the two apart.
    expect(same).toBeInstanceOf(Error);
    expect(JSON.stringify(same)).toBe(JSON.stringify(fewer));
    expect((same as Error).message).toBe((fewer as Error).message);
    // The first question again, under any task: answered.
    expect(h.admit('18+ with C', ids(0, 100))).toBe(true);
    h.commit();
    expect(ledger.size).toBe(1);
  });

  it('answers a set that is exactly two earlier ones together only when all three answer one question', async () => {
    const ledger = ReleaseLedger.open();
    const g = await ledger.begin('t', 10, () => 'a table');
    expect(g.admit('total', ids(0, 100))).toBe(true);
    expect(g.admit('women', ids(0, 60))).toBe(true);
    // Men are the total without the women: the cells of one table.
    expect(g.admit('men', ids(60, 100))).toBe(true);
    g.commit();
    const h = await ledger.begin('u', 10, () => 'another population');
    // Exactly "women" and "men" together, or "total" without "women", asked for another question:
    // withheld like the same combination give or take a few.
    expect(h.admit('everyone', ids(0, 100))).toBe(false);
    expect(h.admit('aged 20 to 30', ids(0, 97))).toBe(false);
    expect(h.admit('but women', ids(60, 100))).toBe(false);
    expect(h.admit('but women plus', ids(60, 103))).toBe(false);
    expect(h.admit('far from both', ids(200, 300))).toBe(true);
    h.commit();
  });

  it('reads a ledger written before questions were kept: the first question to ask a set again takes it', async () => {
    const path = await tempFile();
    const ledger = ReleaseLedger.open(path);
    const g = await ledger.begin('t', 10, byLabel);
    expect(g.admit('a', ids(0, 100))).toBe(true);
    g.commit();
    ledger.close();
    // Rewrite the record without its questions, as an older ledger wrote it.
    const bytes = await readFile(path);
    const headerBytes = bytes.readUInt32LE(4);
    const json = JSON.parse(bytes.subarray(12, 12 + headerBytes).toString('utf8')) as Record<string, unknown>;
    expect(json.questions).toEqual(['a']);
    delete json.questions;
    const { AppendOnlyFile, frameChecksum } = await import('./append-only-file.ts');
    const head = Buffer.from(JSON.stringify(json), 'utf8');
    const payload = bytes.subarray(12 + headerBytes, bytes.byteLength - 4);
    await writeFile(
      path,
      Buffer.concat(AppendOnlyFile.frame(bytes.readUInt32LE(0), head, payload, frameChecksum(head))),
    );

    const older = ReleaseLedger.open(path);
    expect(older.size).toBe(1);
    const h = await older.begin('u', 10, byLabel);
    expect(h.admit('a minus one', ids(1, 100))).toBe(false);
    expect(h.admit('b', ids(0, 100))).toBe(true);
    h.abort();
    // Aborted: nothing taken; the next question takes it and keeps it across a restart.
    const k = await older.begin('v', 10, byLabel);
    expect(k.admit('c', ids(0, 100))).toBe(true);
    k.commit();
    older.close();
    const after = ReleaseLedger.open(path);
    const m = await after.begin('w', 10, byLabel);
    expect(m.admit('c', ids(0, 100))).toBe(true);
    expect(m.admit('b', ids(0, 100))).toBe(false);
    m.commit();
    after.close();
  });

  it('refuses to answer against a ledger damaged in the middle', async () => {
    const path = await tempFile();
    const ledger = ReleaseLedger.open(path);
    const g = await ledger.begin('t', 10);
    g.admit('a', ids(0, 100));
    g.commit();
    const h = await ledger.begin('t2', 10);
    h.admit('b', ids(200, 300));
    h.commit();
    ledger.close();
    const bytes = await readFile(path);
    bytes[20] = bytes[20]! ^ 0xff;
    await writeFile(path, bytes);
    expect(() => ReleaseLedger.open(path)).toThrow(/damaged at byte 0/);
  });

  it('property: admitted sets never combine (two or three at a time, or as sums of disjoint ones) into a small group, a refusal always has a reason, and the same patients are answered again only for the same question', async () => {
    // Each step builds a set from scratch or from earlier ones (a near copy, a union, a difference, a
    // band on a grid, a sum of bands, a set without bands), then moves a few patients in or out: the
    // shapes an attacker uses.
    const step = fc.record({
      kind: fc.constantFrom(
        'random',
        'near',
        'union',
        'minus',
        'band',
        'band',
        'band',
        'sum',
        'sum',
        'with',
        'rest',
      ),
      // A band of 30 or 60 consecutive patients on a grid (disjoint bands are what sums of three or more
      // sets are made of).
      from: fc.nat(9),
      width: fc.integer({ min: 1, max: 2 }),
      c: fc.nat(),
      a: fc.nat(),
      b: fc.nat(),
      fresh: fc.uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 220 }),
      add: fc.uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 6 }),
      drop: fc.nat(6),
      // A few questions, so that repeats of a question happen.
      question: fc.nat(3),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 2, max: 12 }),
        async (steps, threshold) => {
          const ledger = ReleaseLedger.open(undefined, { sketchSize: 8 });
          const questionOf = (label: string) => label;
          const built: Set<number>[] = [];
          const bands: number[][] = [];
          let withBands: Set<number> | undefined;
          const admitted: { set: Set<number>; question: number }[] = [];
          for (const [k, s] of steps.entries()) {
            const a = built[s.a % Math.max(1, built.length)];
            const b = built[s.b % Math.max(1, built.length)];
            let set: Set<number>;
            if (s.kind === 'band')
              set = new Set(
                Array.from({ length: Math.min(30 * s.width, 300 - 30 * s.from) }, (_, i) => 30 * s.from + i),
              );
            else if (s.kind === 'random' || !a || !b) set = new Set(s.fresh);
            // A sum: the last three bands together (disjoint or not), or all but one of them.
            else if (s.kind === 'sum')
              set = new Set(
                bands
                  .slice(-3 - (s.c % 2))
                  .filter((_, i) => s.c % 2 === 0 || i !== s.a % 4)
                  .flat(),
              );
            // The last two bands with 30 patients more, and later that set without them again (an earlier
            // set without several others).
            else if (s.kind === 'with')
              set = new Set([
                ...Array.from({ length: 30 }, (_, i) => (s.b % 10) * 30 + i),
                ...bands.slice(-2).flat(),
              ]);
            else if (s.kind === 'rest') {
              const out = new Set(bands.slice(-2).flat());
              set = new Set([...(withBands ?? a)].filter((x) => !out.has(x)));
            } else if (s.kind === 'near') set = new Set(a);
            else if (s.kind === 'union') set = new Set([...a, ...b]);
            else set = new Set([...a].filter((x) => !b.has(x)));
            for (const x of s.add) set.add(x);
            for (const x of [...set].slice(0, s.drop)) set.delete(x);
            built.push(set);
            if (s.kind === 'band') bands.push([...set]);
            if (s.kind === 'with') withBands = set;
            const guard = await ledger.begin(`t${k}`, threshold, questionOf);
            const ok = guard.admit(
              `q${s.question}`,
              [...set].map((m) => `p${m}`),
            );
            guard.commit();
            const same = admitted.find((a) => a.set.size === set.size && [...a.set].every((x) => set.has(x)));
            const expected =
              set.size === 0 ||
              (same
                ? same.question === s.question
                : set.size >= threshold &&
                  !revealsSmallGroup(
                    set,
                    admitted.map((a) => a.set),
                    threshold,
                    (i, j) => admitted[i]!.question !== s.question || admitted[j]!.question !== s.question,
                  ) &&
                  !coversSmallGroup(
                    set,
                    admitted.map((a) => a.set),
                    threshold,
                    (i) => admitted[i]!.question !== s.question,
                  ));
            expect(ok).toBe(expected);
            if (ok && set.size > 0 && !same) admitted.push({ set, question: s.question });
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('set sketches', () => {
  it('mix32 is a bijection: unmix32 gives every number back', async () => {
    const { mix32, unmix32 } = await import('./set-sketch.ts');
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => unmix32(mix32(x)) === x));
  });
});
