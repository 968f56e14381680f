import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parseJsonKeepingDecimals } from './decimal-text.ts';

/**
 * One item read from a FHIR file: either a resource or an error, always with where it came from.
 * `where` is `file:line` for NDJSON and `file:line entry[i]` for the entries of a Bundle document
 * (line = where the entry starts when it can be found cheaply, else where the Bundle starts).
 * `error` never contains the content of the file (no patient data).
 */
export type FhirItem = { resource?: Record<string, unknown>; where: string; error?: string };

/** Options of {@link readFhirFiles}. */
export interface ReadFhirOptions {
  /**
   * Longest accepted NDJSON line, and largest accepted JSON document, in bytes (default 64 MB).
   * Longer lines are skipped without buffering them and reported as an error item.
   */
  maxLineBytes?: number;
  /** Called with the number of bytes read from disk (compressed bytes for .gz), for progress. */
  onBytes?: (n: number) => void;
  /**
   * Keep the source text of decimals that `JSON.parse` would change (`1.0`, `0.50`, long or exponent
   * forms; see `decimal-text.ts`), for views whose expressions need decimal precision. Off by default:
   * then every line is exactly one `JSON.parse`.
   */
  decimalText?: boolean;
}

type ParseJson = (text: string) => unknown;
const parserOf = (options: ReadFhirOptions): ParseJson =>
  options.decimalText ? parseJsonKeepingDecimals : JSON.parse;

/** A path given to {@link listFhirFiles} that is not read, and why. */
export type SkippedPath = { path: string; reason: string };

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
const NDJSON_RE = /\.(ndjson|jsonl)(\.gz)?$/i;
const JSON_RE = /\.json(\.gz)?$/i;
const GZ_RE = /\.gz$/i;
const NEWLINE = 0x0a;
const CR = 0x0d;
/** Bundle types whose entries without a resource are normal (deleted, outcome-only, responses). */
const RESOURCE_OPTIONAL_BUNDLES = new Set(['searchset', 'history', 'transaction-response', 'batch-response']);

/** True when a file name has an extension the reader accepts: .ndjson, .jsonl, .json, optionally .gz. */
export function isFhirFileName(name: string): boolean {
  return NDJSON_RE.test(name) || JSON_RE.test(name);
}

/**
 * Expands folders recursively (sorted, hidden entries ignored) into the FHIR files they hold.
 * Paths that are missing, or files given by name with an unsupported extension, are left out and
 * passed to `onSkipped`; files with other extensions inside folders are ignored silently.
 *
 * @example
 * const files = await listFhirFiles(['export/'], (s) => console.warn(`${s.path}: ${s.reason}`));
 */
export async function listFhirFiles(
  paths: string[],
  onSkipped?: (skipped: SkippedPath) => void,
): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      onSkipped?.({ path, reason: 'not found or not readable' });
      continue;
    }
    if (info.isDirectory()) await walk(path, out);
    else if (isFhirFileName(path)) out.push(path);
    else
      onSkipped?.({
        path,
        reason: 'unsupported file type (expected .ndjson, .jsonl or .json, optionally .gz)',
      });
  }
  return out;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (isFhirFileName(entry.name)) out.push(path);
  }
}

/**
 * Streams the resources in FHIR files: NDJSON / JSON Lines (one resource per line) and JSON documents
 * (one resource, or a Bundle whose entries are yielded one by one), gzip-compressed or not. Folders
 * are expanded with {@link listFhirFiles}. Memory stays bounded by the longest line: NDJSON files are
 * read in chunks and split here, never held whole.
 *
 * Nothing throws for bad input: unreadable files, malformed or truncated JSON, invalid UTF-8, lines over
 * `maxLineBytes` and JSON values that are not objects each become an item with `error`.
 *
 * @example
 * for await (const item of readFhirFiles(['data/'])) {
 *   if (item.error) report(item.where, item.error);
 *   else ingest(item.resource!, item.where);
 * }
 */
export async function* readFhirFiles(
  paths: string[],
  options: ReadFhirOptions = {},
): AsyncIterable<FhirItem> {
  const skipped: SkippedPath[] = [];
  let files: string[];
  try {
    files = await listFhirFiles(paths, (s) => skipped.push(s));
  } catch (e) {
    yield { where: paths.join(', '), error: `cannot list files: ${errorText(e)}` };
    return;
  }
  for (const s of skipped) yield { where: s.path, error: s.reason };
  for (const file of files) {
    if (NDJSON_RE.test(file)) yield* readNdjsonFile(file, options);
    else yield* readJsonFile(file, options);
  }
}

function openChunks(file: string, onBytes?: (n: number) => void, from = 0): AsyncIterable<Buffer> {
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES, start: from });
  if (!GZ_RE.test(file)) {
    if (!onBytes) return raw;
    return (async function* () {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        onBytes(chunk.length);
        yield chunk;
      }
    })();
  }
  if (onBytes) raw.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  // pipeline forwards a read error of the file to the gunzip stream, so the consumer sees it
  pipeline(raw, gunzip, () => {});
  return gunzip;
}

/** A byte range of an uncompressed NDJSON file: the lines that START in [start, end). */
export interface NdjsonPart {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits uncompressed NDJSON files larger than `partBytes` into byte ranges that readers can take in
 * parallel ({@link readNdjsonPart}); other files stay whole (`end` = their size). Each line belongs to
 * the part it starts in, so the parts together hold every line once.
 */
export async function planNdjsonParts(files: readonly string[], partBytes: number): Promise<NdjsonPart[]> {
  const out: NdjsonPart[] = [];
  for (const file of files) {
    const size = (await stat(file)).size;
    if (!NDJSON_RE.test(file) || GZ_RE.test(file) || size <= partBytes) {
      out.push({ file, start: 0, end: size });
      continue;
    }
    const n = Math.ceil(size / partBytes);
    for (let i = 0; i < n; i++) {
      out.push({
        file,
        start: Math.floor((size * i) / n),
        end: i === n - 1 ? size : Math.floor((size * (i + 1)) / n),
      });
    }
  }
  return out;
}

/**
 * How many lines of the file come before the first line of a part that starts at byte `start`: the
 * number to add to the part's line numbers. Reads the file up to `start` (done only when a report needs it).
 */
export async function linesBeforePart(file: string, start: number): Promise<number> {
  if (start === 0) return 0;
  // The part's first line starts after the first newline at or after start - 1, so the lines before it
  // are the newlines before start - 1, plus that one.
  let n = 1;
  if (start === 1) return n;
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, start: 0, end: start - 2 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) n++;
  }
  return n;
}

/**
 * Streams the lines of one part of an NDJSON file as {@link readFhirFiles} does. Line numbers in
 * `where` count from the part's first line (1); the caller that split the file adds the lines before it.
 * A whole file (start 0) reads exactly as {@link readFhirFiles}, gzip and Bundles included.
 */
export async function* readNdjsonPart(
  part: NdjsonPart,
  options: ReadFhirOptions = {},
): AsyncIterable<FhirItem> {
  if (part.start === 0 && (!NDJSON_RE.test(part.file) || GZ_RE.test(part.file))) {
    yield* readFhirFiles([part.file], options);
    return;
  }
  yield* readNdjsonFile(part.file, options, part);
}

async function* readNdjsonFile(
  file: string,
  options: ReadFhirOptions,
  part?: NdjsonPart,
): AsyncIterable<FhirItem> {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const parse = parserOf(options);
  // A part after the first starts one byte early: if that byte is a newline, its first line starts at
  // `start`; otherwise the bytes up to the next newline finish a line of the part before.
  const from = part && part.start > 0 ? part.start - 1 : 0;
  const until = part?.end ?? Number.POSITIVE_INFINITY;
  let skipToNewline = (part?.start ?? 0) > 0;
  let at = from; // file offset of the current chunk's first byte
  const onBytes = options.onBytes;
  let reported = 0;
  const progress = (upTo: number) => {
    // Bytes of this part read so far (a part reads a little past its end to finish its last line).
    const n = Math.min(upTo, until) - (part?.start ?? 0) - reported;
    if (n > 0 && onBytes) {
      onBytes(n);
      reported += n;
    }
  };
  let line = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let first = !skipToNewline;
  try {
    for await (const chunk of openChunks(file, part ? undefined : onBytes, from)) {
      const chunkAt = at;
      at += chunk.length;
      if (part) progress(at);
      let start = 0;
      if (skipToNewline) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl === -1) continue;
        skipToNewline = false;
        start = nl + 1;
      }
      if (first && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
        start = 3;
      first = false;
      if (skipping || pendingBytes > 0) {
        const nl = chunk.indexOf(NEWLINE, start);
        if (nl === -1) {
          if (!skipping) {
            pending.push(chunk.subarray(start));
            pendingBytes += chunk.length - start;
            if (pendingBytes > max) {
              skipping = true;
              pending = [];
              pendingBytes = 0;
            }
          }
          continue;
        }
        line++;
        if (skipping) {
          skipping = false;
          yield tooLong(file, line, max);
        } else if (pendingBytes + nl - start > max) {
          pending = [];
          pendingBytes = 0;
          yield tooLong(file, line, max);
        } else {
          pending.push(chunk.subarray(start, nl));
          const whole = Buffer.concat(pending, pendingBytes + nl - start);
          pending = [];
          pendingBytes = 0;
          const item = parseLine(whole, 0, whole.length, file, line, parse);
          if (item) yield item;
        }
        start = nl + 1;
      }
      if (chunkAt + start >= until) return;
      let nl = chunk.indexOf(NEWLINE, start);
      while (nl !== -1) {
        line++;
        if (nl - start > max) yield tooLong(file, line, max);
        else {
          const item = parseLine(chunk, start, nl, file, line, parse);
          if (item) yield item;
        }
        start = nl + 1;
        if (chunkAt + start >= until) return;
        nl = chunk.indexOf(NEWLINE, start);
      }
      if (start < chunk.length) {
        if (chunk.length - start > max) skipping = true;
        else {
          pending.push(chunk.subarray(start));
          pendingBytes += chunk.length - start;
        }
      }
    }
  } catch (e) {
    yield { where: `${file}:${line + 1}`, error: `cannot read file: ${errorText(e)}` };
    return;
  }
  if (skipToNewline) return;
  if (skipping) yield tooLong(file, line + 1, max);
  else if (pendingBytes > 0) {
    const whole = Buffer.concat(pending, pendingBytes);
    const item = parseLine(whole, 0, whole.length, file, line + 1, parse);
    if (item) yield item;
  }
}

function tooLong(file: string, line: number, max: number): FhirItem {
  return { where: `${file}:${line}`, error: `line longer than ${max} bytes (maxLineBytes); skipped` };
}

/** Parses one NDJSON line; undefined for a blank line. */
function parseLine(
  buf: Buffer,
  start: number,
  end: number,
  file: string,
  line: number,
  parse: ParseJson,
): FhirItem | undefined {
  if (end > start && buf[end - 1] === CR) end--;
  if (end === start) return undefined;
  const bytes = buf.subarray(start, end);
  if (!isUtf8(bytes)) return { where: `${file}:${line}`, error: 'line is not valid UTF-8' };
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    if (text.trim() === '') return undefined;
    return { where: `${file}:${line}`, error: `malformed JSON: ${jsonErrorText(e)}` };
  }
  if (!isObject(value))
    return { where: `${file}:${line}`, error: `JSON ${kindOf(value)} is not a FHIR resource` };
  return { resource: value, where: `${file}:${line}` };
}

async function* readJsonFile(file: string, options: ReadFhirOptions): AsyncIterable<FhirItem> {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of openChunks(file, options.onBytes)) {
      total += chunk.length;
      if (total > max) {
        yield { where: `${file}:1`, error: `JSON document larger than ${max} bytes (maxLineBytes); skipped` };
        return;
      }
      chunks.push(chunk);
    }
  } catch (e) {
    yield { where: `${file}:1`, error: `cannot read file: ${errorText(e)}` };
    return;
  }
  let buf = Buffer.concat(chunks, total);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  if (!isUtf8(buf)) {
    yield { where: `${file}:${lineOfInvalidUtf8(buf)}`, error: 'file is not valid UTF-8' };
    return;
  }
  const text = buf.toString('utf8');
  if (text.trim() === '') return;
  let value: unknown;
  try {
    value = parserOf(options)(text);
  } catch (e) {
    // Several JSON values one after the other: NDJSON saved as .json
    if (e instanceof SyntaxError && e.message.startsWith('Unexpected non-whitespace character after JSON')) {
      yield* ndjsonFromBuffer(buf, file, max, parserOf(options));
      return;
    }
    const message = errorText(e);
    const pos = /at position (\d+)/.exec(message);
    const line = pos
      ? lineAt(text, Number(pos[1]))
      : message.startsWith('Unexpected end')
        ? lineAt(text, text.length)
        : 1;
    yield { where: `${file}:${line}`, error: `malformed JSON: ${jsonErrorText(e)}` };
    return;
  }
  if (!isObject(value)) {
    yield { where: `${file}:1`, error: `JSON ${kindOf(value)} is not a FHIR resource` };
    return;
  }
  if (value.resourceType !== 'Bundle') {
    yield { resource: value, where: `${file}:1` };
    return;
  }
  yield* bundleEntries(value, text, file);
}

function* ndjsonFromBuffer(buf: Buffer, file: string, max: number, parse: ParseJson): Iterable<FhirItem> {
  let start = 0;
  let line = 0;
  while (start <= buf.length) {
    let nl = buf.indexOf(NEWLINE, start);
    if (nl === -1) nl = buf.length;
    line++;
    if (nl - start > max) yield tooLong(file, line, max);
    else {
      const item = parseLine(buf, start, nl, file, line, parse);
      if (item) yield item;
    }
    start = nl + 1;
  }
}

function* bundleEntries(bundle: Record<string, unknown>, text: string, file: string): Iterable<FhirItem> {
  const entries = bundle.entry;
  if (entries === undefined) return;
  if (!Array.isArray(entries)) {
    yield { where: `${file}:1 entry`, error: 'Bundle.entry is not an array' };
    return;
  }
  const optional = RESOURCE_OPTIONAL_BUNDLES.has(String(bundle.type));
  // Entry lines are found by searching for each fullUrl in order, so the cost stays one pass of indexOf.
  let searchFrom = 0;
  let lineAtSearch = 1;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    let line = 1;
    if (isObject(entry) && typeof entry.fullUrl === 'string') {
      const at = text.indexOf(JSON.stringify(entry.fullUrl), searchFrom);
      if (at !== -1) {
        lineAtSearch += countNewlines(text, searchFrom, at);
        searchFrom = at;
        line = lineAtSearch;
      }
    }
    const where = `${file}:${line} entry[${i}]`;
    if (!isObject(entry)) yield { where, error: `Bundle entry is a JSON ${kindOf(entry)}, not an object` };
    else if (isObject(entry.resource)) yield { resource: entry.resource, where };
    else if (entry.resource !== undefined)
      yield { where, error: `entry.resource is a JSON ${kindOf(entry.resource)}` };
    else if (!optional) yield { where, error: 'Bundle entry has no resource' };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i !== -1 && i < to) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

function lineAt(text: string, position: number): number {
  return 1 + countNewlines(text, 0, Math.min(position, text.length));
}

function lineOfInvalidUtf8(buf: Buffer): number {
  let start = 0;
  let line = 1;
  for (;;) {
    const nl = buf.indexOf(NEWLINE, start);
    const end = nl === -1 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end)) || nl === -1) return line;
    line++;
    start = nl + 1;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * JSON.parse messages of V8 quote a snippet of the input (`Unexpected token 'x', "…" is not valid
 * JSON`); keep only the kind of error and its position so no content ends up in a report.
 */
export function jsonErrorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const pos = /at position (\d+)/.exec(message);
  const at = pos ? ` at position ${pos[1]}` : '';
  if (message.startsWith('Unexpected token')) return `unexpected token${at}`;
  const quote = message.indexOf('"');
  if (quote === -1) return message;
  const head = message.slice(0, quote).replace(/[\s,]+$/, '');
  return head.includes('at position') ? head : head + at;
}
