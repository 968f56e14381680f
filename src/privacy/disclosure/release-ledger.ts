import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { AppError } from '../../common/app-error.ts';
import { type AdmittedColumn, type ColumnEntry, ColumnLedger, type KnownColumn } from './column-ledger.ts';
import { type ColumnSketch, quantise } from './column-sketch.ts';
import {
  type CheckLimits,
  type DifferencingKind,
  findDifferencing,
  firstAtLeast,
} from './differencing-check.ts';
import { type Moments, noisedMoments, seededUniform } from './noised-moments.ts';
import { PatientNumbers } from './patient-numbers.ts';
import { type Adoption, LedgerFile, type SetHeader, type StoredSet } from './release-ledger-file.ts';
import { RoaringBitmap32 } from './roaring.ts';
import { CANDIDATE_SKETCH_FACTOR, type SetSketch, SKETCH_SIZE, sketchOf } from './set-sketch.ts';

/** Sketched columns kept per list of patients, to sketch the next column on that list from its changes. */
const KNOWN_COLUMNS = 8;

/**
 * Which question each label of a task answers: the population its numbers are about (e.g. a digest of a
 * cohort's criteria up to an attrition step, or of a population spec). The same patients asked again
 * for the same question are answered again; the same patients reached by another question are withheld
 * like a set a few patients away (`differencing`), so that whether a set is answered never tells a
 * requester-chosen difference of 0 from one of 1..threshold−1 (`docs/decisions/release-ledger.md`,
 * "Refusals that tell"). A set that is exactly two earlier sets together, or one without the other, is
 * answered only when all three answer the same question (the cells of a table and its total).
 *
 * A question may name, after a `/`, the definition that decides which patients a set holds (a variable's,
 * `src/analytics/release-questions.ts`): the same patients are answered again only for the same
 * population and definition, while sets combine (a table's cells and its total) whenever their
 * populations are the same.
 */
export type QuestionOf = (label: string) => string;

/** A question about `population`'s patients as `definition` picks them (see {@link QuestionOf}). */
export const definedQuestion = (population: string, definition: string): string =>
  `${population}/${definition}`;

/** The population a question is about: the question without its definition. */
const populationOf = (question: string): string => {
  const at = question.indexOf('/');
  return at < 0 ? question : question.slice(0, at);
};

/** Without a mapping every set answers one question: only the members decide. */
export const oneQuestion: QuestionOf = () => '';

/** One released patient set as the ledger keeps it. */
export interface LedgerSet {
  readonly size: number;
  readonly sketch: SetSketch;
  /** SHA-256 of the sorted member numbers: equal digests, equal sets. */
  readonly digest: string;
  /** What the numbers on this set were (e.g. `cohort-feasibility:attrition:2`); never a value. */
  readonly label: string;
  /** The task (or local use) that released it. */
  readonly task: string;
  readonly at: string;
  /** The questions it was released for; undefined for a set an older ledger wrote without them. */
  readonly questions: ReadonlySet<string> | undefined;
  members(): RoaringBitmap32;
}

export interface ReleaseLedgerOptions {
  /** Bytes of member bitmaps kept in memory (default 256 MiB); the rest is read from the file. */
  cacheBytes?: number;
  limits?: CheckLimits;
  /**
   * Check against the file but never write it (a steward's local use): sets admitted stay in memory for
   * the life of this ledger object only.
   */
  readOnly?: boolean;
  /** Values per set sketch (default {@link SKETCH_SIZE}); smaller only to test the bounds. */
  sketchSize?: number;
  now?: () => Date;
}

/** Why a number was withheld by the ledger, for messages (never which patients). */
const RISK_TEXT: Record<DifferencingKind, string> = {
  // Also a group identical to an earlier one asked by another question: the text must not tell 0 apart.
  difference:
    'differs from an earlier released group by fewer patients than the threshold, or asks for it by another question',
  union: 'is two earlier released groups together, give or take fewer patients than the threshold',
  complement:
    'is an earlier released group without another one, give or take fewer patients than the threshold',
  cover:
    'is several earlier released groups together, or an earlier one without several others, give or take fewer patients than the threshold',
  unchecked: 'could not be checked against the many earlier releases it overlaps with',
};

/** The refusal a station sends back: forbidden, reason `disclosure-risk`; names no value and no patient. */
export function differencingRefusal(label: string, kind: DifferencingKind): AppError {
  return new AppError(
    'forbidden',
    `the answer's group (${label}) ${RISK_TEXT[kind]}, so together they would reveal a small group`,
    label,
    { reason: 'disclosure-risk' },
  );
}

/**
 * The station's ledger of every patient set behind a number it has released — across all permits,
 * requesters and algorithms, because released numbers are public (the transparency register) and anyone
 * can subtract them. Before a number leaves, its set is checked ({@link findDifferencing}); the sets of
 * an answer are on disk (appended and flushed) before the answer leaves ({@link ReleaseGuard.commit}).
 *
 * One task at a time holds the ledger (from {@link begin} to commit or abort), so two answers checked
 * at once cannot each pass against a history that lacks the other.
 *
 * @example
 * const ledger = ReleaseLedger.open(join(stationDir, 'release-ledger.bin'));
 * const guard = await ledger.begin('task-1', 10);
 * if (guard.admit('cohort:count', patientIds)) output.count = roundTo(patientIds.length, 5);
 * guard.commit();
 */
export class ReleaseLedger {
  private readonly sorted: Entry[] = [];
  private readonly byDigest = new Map<string, Entry>();
  private readonly numbers: PatientNumbers;
  private readonly file: LedgerFile | undefined;
  private readonly cache: MemberCache;
  /** Every released column of patient values (`<path>.columns`): see {@link ColumnLedger}. */
  readonly columns: ColumnLedger;
  private lock: Promise<void> = Promise.resolve();

  private constructor(
    path: string | undefined,
    private readonly options: ReleaseLedgerOptions,
  ) {
    const readOnly = options.readOnly ?? false;
    this.numbers = new PatientNumbers(path ? `${path}.patients` : undefined, readOnly);
    this.cache = new MemberCache(options.cacheBytes ?? 256 * 1024 * 1024);
    this.columns = ColumnLedger.open(path ? `${path}.columns` : undefined, readOnly);
    if (path && !(readOnly && !existsSync(path))) {
      this.file = new LedgerFile(path, readOnly);
      const { sets, adoptions } = this.file.readAll();
      for (const stored of sets) this.insert(new Entry(stored, this.file, this.cache));
      for (const a of adoptions) this.byDigest.get(a.digest)?.adopt(a);
    }
  }

  /** A ledger kept in a file (created 0600 when missing); without a path, in memory only. */
  static open(path?: string, options: ReleaseLedgerOptions = {}): ReleaseLedger {
    return new ReleaseLedger(path, options);
  }

  /** Released sets kept (identical sets once). */
  get size(): number {
    return this.sorted.length;
  }

  /** Bytes the ledger file takes (0 in memory). */
  get bytes(): number {
    return this.file?.bytes ?? 0;
  }

  /**
   * Patient numbers of a column's rows (numbering patients seen for the first time). A task that
   * releases many numbers on one list of patients (a monitor: every month, every indicator) passes the
   * same array again: its numbers are kept with a copy of the list and reused while the list still holds
   * the same ids (checked element by element: a comparison, not a lookup).
   */
  numbersOf(patients: readonly string[]): Uint32Array {
    const known = this.numbered.get(patients);
    if (known && known.ids.length === patients.length && known.ids.every((id, i) => id === patients[i]))
      return known.numbers.slice();
    const out = new Uint32Array(patients.length);
    for (let i = 0; i < patients.length; i++) out[i] = this.numbers.numberOf(patients[i]!);
    this.numbered.set(patients, { ids: [...patients], numbers: out.slice(), columns: [] });
    return out;
  }

  private readonly numbered = new WeakMap<
    readonly string[],
    { ids: string[]; numbers: Uint32Array; columns: KnownColumn[] }
  >();

  /**
   * @internal a column sketched before over this list of patients (call {@link numbersOf} first, which
   * checks the list still holds the same ids): the one differing from `values` on the fewest patients,
   * when that is under half of them.
   */
  knownColumn(patients: readonly string[], values: ArrayLike<number>): KnownColumn | undefined {
    let best: KnownColumn | undefined;
    let fewest = Math.floor(patients.length / 2);
    for (const c of this.numbered.get(patients)?.columns ?? []) {
      let changed = 0;
      for (let i = 0; i < values.length && changed < fewest; i++) if (c.values[i] !== values[i]) changed++;
      if (changed < fewest) {
        best = c;
        fewest = changed;
      }
    }
    return best;
  }

  /** @internal keeps a column's sketch for {@link knownColumn} (the last few per list of patients). */
  rememberColumn(patients: readonly string[], values: ArrayLike<number>, sketch: ColumnSketch): void {
    const columns = this.numbered.get(patients)?.columns;
    if (!columns) return;
    columns.push({ values: Float64Array.from(values), sketch });
    if (columns.length > KNOWN_COLUMNS) columns.shift();
  }

  /**
   * Waits for the ledger, then opens a guard for one task's releases; `questionOf` says which question
   * each of its labels answers (the local runner derives it from the task's input).
   */
  async begin(task: string, threshold: number, questionOf: QuestionOf = oneQuestion): Promise<ReleaseGuard> {
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const before = this.lock;
    this.lock = before.then(() => mine);
    await before;
    return new ReleaseGuard(this, task, threshold, release, questionOf);
  }

  /** @internal the guard's check; adds the set as pending when it passes. */
  tryAdmit(
    guard: ReleaseGuard,
    label: string,
    patients: Iterable<string>,
  ): Admitted | DifferencingKind | 'small' {
    return this.tryAdmitMembers(guard, label, this.membersOf(patients));
  }

  /** The set's members as patient numbers (numbering patients seen for the first time). */
  membersOf(patients: Iterable<string>): RoaringBitmap32 {
    if (Array.isArray(patients)) return new RoaringBitmap32(this.numbersOf(patients as readonly string[]));
    const numbers: number[] = [];
    for (const id of patients) numbers.push(this.numbers.numberOf(id));
    return new RoaringBitmap32(numbers);
  }

  /** @internal {@link tryAdmit} for a set already given as patient numbers. */
  tryAdmitMembers(
    guard: ReleaseGuard,
    label: string,
    members: RoaringBitmap32,
  ): Admitted | DifferencingKind | 'small' {
    if (members.size === 0) return 'small';
    const sorted = members.toUint32Array();
    const digest = createHash('sha256')
      .update(new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength))
      .digest('hex');
    const asked = guard.questionOf(label);
    const same = this.byDigest.get(digest);
    if (same) {
      // The same question again on the same patients: every combination with the set was checked when
      // it was first released, and the same numbers follow.
      // (With a threshold of 1 there is no small group to tell 0 from: anything identical is answered.)
      if (same.asks(asked) || guard.threshold <= 1) return {};
      // A set an older ledger wrote without its question: the first question to ask for it again takes
      // it (the older ledger answered any repeat, so this is no new answer).
      if (same.questions === undefined) {
        const adoption = { digest, question: asked, task: guard.task, at: this.now() };
        same.adopt(adoption);
        return { adopted: { entry: same, adoption } };
      }
      // The same patients reached by another question: a difference of 0 from an earlier released set,
      // withheld exactly like a difference of 1..threshold−1, so the refusal does not tell them apart.
      return 'difference';
    }
    if (members.size < guard.threshold) return 'small';
    members.runOptimize();
    const k = this.options.sketchSize ?? SKETCH_SIZE;
    // The new set is checked with a larger sketch (more of its members below an earlier set's horizon),
    // and kept with the usual one.
    const wide = sketchOf(sorted, k * CANDIDATE_SKETCH_FACTOR);
    const kept = { values: wide.values.slice(0, k), complete: wide.complete && wide.values.length <= k };
    const candidate = new PendingEntry(
      {
        size: members.size,
        sketch: kept,
        digest,
        label,
        task: guard.task,
        at: this.now(),
        questions: [asked],
      },
      members,
    );
    const risk = findDifferencing(
      { size: candidate.size, sketch: wide, members: () => members },
      this.sorted,
      guard.threshold,
      this.options.limits,
      // Exactly two earlier sets together (or one without the other) is answered only within one
      // question (a table's cells and its total); across questions it would tell 0 from a small group.
      (a, b) => !(a.about(asked) && b.about(asked)),
      // The same for three or more earlier sets: exactly their sum only within one question.
      (a) => !a.about(asked),
    );
    if (risk) return risk.kind;
    this.insert(candidate);
    return { added: candidate };
  }

  /**
   * @internal writes a guard's pending sets and columns (numbers first), each file flushed, before its
   * answer leaves.
   */
  persist(
    pending: readonly Entry[],
    columns: readonly ColumnEntry[] = [],
    adopted: readonly { entry: Entry; adoption: Adoption }[] = [],
  ): void {
    if ((pending.length === 0 && columns.length === 0 && adopted.length === 0) || this.options.readOnly)
      return;
    this.numbers.persist();
    this.columns.persist(columns);
    if (!this.file) return;
    this.file.adopt(adopted.map((a) => a.adoption));
    if (pending.length === 0) return;
    const stored = this.file.append(pending.map((e) => ({ header: e.header, members: e.members() })));
    stored.forEach((s, k) => {
      const entry = pending[k]!;
      entry.settle(s, this.file!, this.cache);
    });
  }

  /** @internal forgets a guard's pending sets and adoptions (its answer did not leave). */
  drop(pending: readonly Entry[], adopted: readonly { entry: Entry }[] = []): void {
    for (const { entry } of adopted) entry.unadopt();
    for (const e of pending) {
      this.byDigest.delete(e.digest);
      const i = this.sorted.indexOf(e);
      if (i >= 0) this.sorted.splice(i, 1);
    }
  }

  private insert(e: Entry): void {
    this.sorted.splice(firstAtLeast(this.sorted, e.size), 0, e);
    this.byDigest.set(e.digest, e);
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  close(): void {
    this.file?.close();
    this.columns.close();
  }
}

/**
 * One task's access to the ledger: {@link admit} each set before releasing a number on it, then
 * {@link commit} (the sets are on disk when it returns) or {@link abort}. Either ends the task's hold.
 */
export class ReleaseGuard {
  private readonly pending: Entry[] = [];
  private readonly adopted: { entry: Entry; adoption: Adoption }[] = [];
  private readonly pendingColumns: ColumnEntry[] = [];
  private sets = 0;
  private asked = 0;
  private open = true;

  constructor(
    private readonly ledger: ReleaseLedger,
    readonly task: string,
    readonly threshold: number,
    private readonly unlock: () => void,
    /** Which question each label answers (see {@link ReleaseQuestion}). */
    readonly questionOf: QuestionOf = oneQuestion,
  ) {}

  /**
   * True when numbers computed on these patients may leave the station: the set has at least
   * `threshold` patients (or none); it is an earlier released set asked for the same question (the
   * label's, {@link QuestionOf}), or it differs from every earlier released set by at least `threshold`
   * patients; and it differs from the union or difference of two of them, and from the sum of pairwise
   * disjoint ones (or an earlier set without such a sum), by at least `threshold` patients, or by none
   * when all the sets answer the same question. The set then counts as released by
   * this task. False otherwise: withhold those numbers.
   */
  admit(label: string, patients: Iterable<string>): boolean {
    return this.check(label, patients) === undefined;
  }

  /** {@link admit}, refusing the whole answer (`disclosure-risk`) when the set may not be released. */
  require(label: string, patients: Iterable<string>): void {
    this.refuseUnless(label, this.check(label, patients));
  }

  /**
   * The ledger's numbers of these patients (numbering patients seen for the first time), for a caller
   * that builds many sets over the same patients and passes them to {@link requireMembers}: the
   * pseudonyms are looked up once, not once per set.
   */
  numbersOf(patients: readonly string[]): Uint32Array {
    return this.ledger.numbersOf(patients);
  }

  /** {@link require} for a set given as the ledger's patient numbers ({@link numbersOf}). */
  requireMembers(label: string, members: RoaringBitmap32): void {
    if (!this.open) throw new Error('the release guard is closed');
    this.asked++;
    if (members.size === 0) {
      this.sets++;
      return;
    }
    this.refuseUnless(label, this.settle(this.ledger.tryAdmitMembers(this, label, members)));
  }

  private refuseUnless(label: string, kind: DifferencingKind | 'small' | undefined): void {
    if (kind === 'small') {
      throw new AppError(
        'forbidden',
        `the answer's group (${label}) is below the station's minimum count`,
        label,
        {
          reason: 'disclosure-risk',
        },
      );
    }
    if (kind) throw differencingRefusal(label, kind);
  }

  /**
   * True when sums of these values may leave the station: the column (patients row by row, with their
   * values, *canonical*: the requester's centre and scale undone) differs from every earlier released
   * column on none or on at least `threshold` patients. The column then counts as released by this task.
   * The patients' set is not checked here: admit it as a set too.
   */
  admitColumn(label: string, patients: readonly string[], values: ArrayLike<number>): boolean {
    return this.column(label, patients, values) !== undefined;
  }

  /** {@link admitColumn}, refusing the whole answer (`disclosure-risk`) when the column may not leave. */
  requireColumn(label: string, patients: readonly string[], values: ArrayLike<number>): void {
    if (this.column(label, patients, values) === undefined)
      throw new AppError(
        'forbidden',
        `the answer's values (${label}) differ from an earlier released column for fewer patients than the threshold, so together they would reveal those patients' values`,
        label,
        { reason: 'disclosure-risk' },
      );
  }

  /**
   * Mean and SD of a canonical column, the only way they leave: the column is admitted
   * ({@link admitColumn}) and its sums are noised ({@link noisedMoments}) with noise seeded by the
   * station's secret and the column itself, so the same column, however asked, gets the same answer.
   * Undefined when the column may not be released.
   */
  moments(
    label: string,
    patients: readonly string[],
    values: ArrayLike<number>,
    rounding: number,
  ): Moments | undefined {
    const admitted = this.column(label, patients, values);
    if (!admitted) return undefined;
    // On the quantised values the column ledger compared: the same column asked with another centre
    // gives the very same numbers, not ones a rounding error apart.
    const q = Float64Array.from(values as ArrayLike<number>, quantise);
    return noisedMoments(q, rounding, seededUniform(this.ledger.columns.salt, admitted.digest));
  }

  private column(
    label: string,
    patients: readonly string[],
    values: ArrayLike<number>,
  ): AdmittedColumn | undefined {
    if (!this.open) throw new Error('the release guard is closed');
    if (patients.length !== values.length) throw new Error('a column needs one value per patient');
    this.asked++;
    const keys = this.ledger.numbersOf(patients);
    const r = this.ledger.columns.check(
      { keys, values },
      this.threshold,
      { label, task: this.task, at: new Date().toISOString() },
      this.ledger.knownColumn(patients, values),
    );
    if ('differing' in r) return undefined;
    this.ledger.rememberColumn(patients, values, r.sketch);
    if (r.pending) this.pendingColumns.push(r.pending);
    return r.admitted;
  }

  /** Sets admitted so far (an empty set counts: it reveals nobody). */
  get admitted(): number {
    return this.sets;
  }

  /** Sets the task asked about, admitted or not: zero means it never accounted for its numbers. */
  get considered(): number {
    return this.asked;
  }

  private check(label: string, patients: Iterable<string>): DifferencingKind | 'small' | undefined {
    if (!this.open) throw new Error('the release guard is closed');
    this.asked++;
    const list = Array.isArray(patients) ? (patients as string[]) : [...patients];
    if (list.length === 0) {
      this.sets++;
      return undefined;
    }
    return this.settle(this.ledger.tryAdmit(this, label, list));
  }

  /**
   * {@link admit} for a set given as the ledger's patient numbers ({@link ReleaseLedger.membersOf}),
   * for callers that build many sets over the same patients.
   */
  admitMembers(label: string, members: RoaringBitmap32): boolean {
    if (!this.open) throw new Error('the release guard is closed');
    this.asked++;
    if (members.size === 0) {
      this.sets++;
      return true;
    }
    return this.settle(this.ledger.tryAdmitMembers(this, label, members)) === undefined;
  }

  private settle(r: Admitted | DifferencingKind | 'small'): DifferencingKind | 'small' | undefined {
    if (typeof r === 'string') return r;
    if (r.added) this.pending.push(r.added);
    if (r.adopted) this.adopted.push(r.adopted);
    this.sets++;
    return undefined;
  }

  /** Writes this task's sets to the ledger and ends the task's hold. */
  commit(): void {
    if (!this.open) return;
    try {
      this.ledger.persist(this.pending, this.pendingColumns, this.adopted);
    } catch (e) {
      this.ledger.drop(this.pending, this.adopted);
      this.ledger.columns.drop(this.pendingColumns);
      throw e;
    } finally {
      this.open = false;
      this.unlock();
    }
  }

  /** Forgets this task's sets (nothing was released) and ends the task's hold. */
  abort(): void {
    if (!this.open) return;
    this.ledger.drop(this.pending, this.adopted);
    this.ledger.columns.drop(this.pendingColumns);
    this.open = false;
    this.unlock();
  }
}

/** What a passing check gives the guard: a new set to write, or a question for an older set. */
interface Admitted {
  added?: Entry;
  adopted?: { entry: Entry; adoption: Adoption };
}

/** A set in the ledger: its header in memory, its members in the cache or the file. */
class Entry implements LedgerSet {
  private asked: Set<string> | undefined;
  private populations: Set<string> | undefined;
  constructor(
    protected stored: StoredSet | undefined,
    protected file: LedgerFile | undefined,
    protected cache: MemberCache | undefined,
    readonly header: SetHeader = stored!.header,
  ) {
    this.asked = header.questions ? new Set(header.questions) : undefined;
    this.populations = header.questions ? new Set(header.questions.map(populationOf)) : undefined;
  }
  get questions(): ReadonlySet<string> | undefined {
    return this.asked;
  }
  /** Whether the set was released for this question. */
  asks(question: string): boolean {
    return this.asked?.has(question) ?? false;
  }
  /**
   * Whether the set was released about this question's population (whatever definition picked it), and
   * yes for a set written without questions (combined as an older ledger did).
   */
  about(question: string): boolean {
    return this.populations?.has(populationOf(question)) ?? true;
  }
  /** Gives a set written without questions its first one. */
  adopt(a: { question: string }): void {
    if (this.asked) return;
    this.asked = new Set([a.question]);
    this.populations = new Set([populationOf(a.question)]);
  }
  /** Undoes {@link adopt} (its task's answer did not leave). */
  unadopt(): void {
    this.asked = undefined;
    this.populations = undefined;
  }
  get size() {
    return this.header.size;
  }
  get sketch() {
    return this.header.sketch;
  }
  get digest() {
    return this.header.digest;
  }
  get label() {
    return this.header.label;
  }
  get task() {
    return this.header.task;
  }
  get at() {
    return this.header.at;
  }
  members(): RoaringBitmap32 {
    const stored = this.stored!;
    const hit = this.cache!.get(stored.offset);
    if (hit) return hit;
    const members = this.file!.readMembers(stored);
    this.cache!.put(stored.offset, members, stored.payloadBytes);
    return members;
  }
  /** Once written: members come from the file (through the cache) from now on. */
  settle(stored: StoredSet, file: LedgerFile, cache: MemberCache): void {
    this.stored = stored;
    this.file = file;
    this.cache = cache;
  }
}

/** A set admitted by a task that has not committed yet: its members stay in memory. */
class PendingEntry extends Entry {
  private held: RoaringBitmap32 | undefined;
  constructor(header: SetHeader, members: RoaringBitmap32) {
    super(undefined, undefined, undefined, header);
    this.held = members;
  }
  override members(): RoaringBitmap32 {
    return this.held ?? super.members();
  }
  override settle(stored: StoredSet, file: LedgerFile, cache: MemberCache): void {
    super.settle(stored, file, cache);
    cache.put(stored.offset, this.held!, stored.payloadBytes);
    this.held = undefined;
  }
}

/** Member bitmaps by file offset, least recently used out first. */
class MemberCache {
  private readonly map = new Map<number, { members: RoaringBitmap32; bytes: number }>();
  private bytes = 0;
  constructor(private readonly budget: number) {}
  get(key: number): RoaringBitmap32 | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.members;
  }
  put(key: number, members: RoaringBitmap32, bytes: number): void {
    this.map.set(key, { members, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.budget || k === key) break;
      this.map.delete(k);
      this.bytes -= v.bytes;
    }
  }
}
