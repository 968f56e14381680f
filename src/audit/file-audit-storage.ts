import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { lock, lockSync } from 'proper-lockfile';
import { JsonLinesFile, syncFolder } from '../common/json-lines-file.ts';
import { type SignedAuditHead, SignedAuditHeadSchema } from '../protocol/audit-head.ts';
import type { AuditEntry } from './audit-entry.ts';
import type { AuditStorage } from './audit-storage.ts';

/** The head is rewritten in place at this fixed size: one write within one disk sector, never torn. */
const HEAD_BYTES = 128;
const fdatasyncAsync = promisify(fdatasync);

/** Signs the head a chain has after an append (its entry count and last hash). */
export type HeadSigner = (head: { entries: number; hash: string }) => SignedAuditHead;

/** A line of the signed-heads file that is not a signed head (edited, or torn by a crash). */
export interface UnreadableHead {
  unreadable: true;
  line: number;
}

/**
 * A station's audit log: one JSON entry per line in `audit.log`, the head (seq and hash of the newest
 * entry) in `audit.log.head`. An append writes the entry, then the head, flushes both to disk and only
 * then resolves: an entry a result was sent under survives a crash or power cut, and so does the head
 * that makes a removed tail visible. (A crash before both flushes are done can leave the head one entry
 * off the log, which verification reports, as a crash between the two writes always could.)
 *
 * With a `signHead`, every append also appends the new head, signed with the station's own key, to
 * `audit.log.heads` (flushed with the rest): a history rewritten and re-hashed later no longer matches
 * the heads signed along the way, and the first entry that differs can be named.
 *
 * Several processes may append (the station's agent, an ingest): each append holds a lock file next to
 * the log and first reads the head, so an entry another process added since is chained onto, not forked.
 */
export class FileAuditStorage implements AuditStorage {
  private lastEntry: AuditEntry | undefined;
  private loaded = false;
  private readonly log: JsonLinesFile;
  private readonly heads: JsonLinesFile;
  private readonly headPath: string;
  private readonly signHead: HeadSigner | undefined;
  private headFd: number | undefined;

  constructor(
    private readonly logPath: string,
    options: { signHead?: HeadSigner } = {},
  ) {
    this.log = new JsonLinesFile(logPath);
    this.headPath = `${logPath}.head`;
    this.heads = new JsonLinesFile(`${logPath}.heads`);
    this.signHead = options.signHead;
  }

  async append(entry: AuditEntry): Promise<void> {
    // A line left half-written by a crash stays in the file (evidence); the entry goes on its own line.
    this.log.write([entry]);
    const headFd = this.writeHead({ seq: entry.seq, hash: entry.hash });
    const flushes = [this.log.sync(), fdatasyncAsync(headFd)];
    if (this.signHead) {
      this.heads.write([this.signHead({ entries: entry.seq, hash: entry.hash })]);
      flushes.push(this.heads.sync());
    }
    await Promise.all(flushes);
    this.lastEntry = entry;
    this.loaded = true;
  }

  /**
   * Signs the chain's current head when the newest signed head is not it (a log with entries from
   * before it was signed, e.g. written by an older version), so the hub can be sent a head that covers
   * everything in the log. Returns the newest signed head.
   */
  async sealHead(): Promise<SignedAuditHead | undefined> {
    const sign = this.signHead;
    if (!sign) return this.latestSignedHead();
    return this.exclusive(async () => {
      const last = await this.last();
      const latest = this.latestSignedHead();
      if (!last || (latest?.head.entries === last.seq && latest.head.hash === last.hash)) return latest;
      const signed = sign({ entries: last.seq, hash: last.hash });
      await this.heads.append([signed]);
      return signed;
    });
  }

  /** Every signed head kept beside the log, oldest first; a line that is not one is marked as such. */
  signedHeads(): (SignedAuditHead | UnreadableHead)[] {
    if (!existsSync(this.heads.path)) return [];
    const lines = readFileSync(this.heads.path, 'utf8').split('\n');
    const out: (SignedAuditHead | UnreadableHead)[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const parsed = parseHead(line);
      // The last line may be one a crash cut short; it was never acknowledged.
      if (parsed) out.push(parsed);
      else if (i < lines.length - 1) out.push({ unreadable: true, line: i + 1 });
    }
    return out;
  }

  /** The newest signed head (read from the end of the file, so it costs the same however long the log). */
  latestSignedHead(): SignedAuditHead | undefined {
    if (!existsSync(this.heads.path)) return undefined;
    const fd = openSync(this.heads.path, 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, 8192);
      const tail = Buffer.alloc(length);
      readSync(fd, tail, 0, length, size - length);
      const lines = tail.toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const head = parseHead(lines[i]!);
        if (head) return head;
      }
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      // Another process appended since this one last looked: read its entries first.
      if (this.loaded && this.headSeq() !== this.lastEntry?.seq) this.loaded = false;
      return await work();
    } finally {
      release();
    }
  }

  /** Takes the lock at once when it is free (the usual case), else waits for it. */
  private async lock(): Promise<() => void> {
    const options = {
      lockfilePath: `${this.logPath}.lock`,
      realpath: false,
      // A writer holds the lock for a few milliseconds; one that died leaves it stale after 10 s.
      stale: 10_000,
    };
    try {
      return lockSync(dirname(this.logPath), options);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ELOCKED') throw e;
    }
    const release = await lock(dirname(this.logPath), {
      ...options,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 100 },
    });
    return () => void release();
  }

  /**
   * The seq the head names, or NaN when it cannot be read (a head left empty by a crash): then the log
   * itself is read again, and appending goes on; `verify` still reports the head.
   */
  private headSeq(): number | undefined {
    if (!existsSync(this.headPath)) return undefined;
    try {
      return (JSON.parse(readFileSync(this.headPath, 'utf8')) as { seq: number }).seq;
    } catch {
      return Number.NaN;
    }
  }

  async last(): Promise<AuditEntry | undefined> {
    if (!this.loaded) {
      for await (const e of this.entries()) this.lastEntry = e;
      this.loaded = true;
    }
    return this.lastEntry;
  }

  async *entries(): AsyncIterable<AuditEntry> {
    if (!existsSync(this.logPath)) return;
    const lines = createInterface({
      input: createReadStream(this.logPath, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as AuditEntry;
      } catch {
        // A broken line is itself evidence of tampering: hand verify() something that cannot match.
        yield { seq: -n, at: '', actor: '', action: 'unreadable-line', prevHash: '', hash: '' };
      }
    }
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    if (!existsSync(this.headPath)) return undefined;
    return JSON.parse(await readFile(this.headPath, 'utf8')) as { seq: number; hash: string };
  }

  /** Releases the open files (the next append opens them again). */
  close(): void {
    this.log.close();
    this.heads.close();
    if (this.headFd !== undefined) closeSync(this.headFd);
    this.headFd = undefined;
  }

  /** Rewrites the head in place (not yet flushed); returns its descriptor. */
  private writeHead(head: { seq: number; hash: string }): number {
    if (this.headFd === undefined) {
      const created = !existsSync(this.headPath);
      this.headFd = openSync(this.headPath, created ? 'w' : 'r+', 0o600);
      if (created) syncFolder(dirname(this.headPath));
    }
    // Padded JSON (trailing spaces parse), the same length every time, written at the start.
    const text = JSON.stringify(head);
    const buffer = Buffer.from(text.padEnd(HEAD_BYTES - 1, ' ') + '\n', 'utf8');
    if (buffer.length !== HEAD_BYTES) throw new RangeError('audit head does not fit its fixed size');
    let written = 0;
    while (written < buffer.length)
      written += writeSync(this.headFd, buffer, written, buffer.length - written, written);
    return this.headFd;
  }
}

function parseHead(line: string): SignedAuditHead | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = SignedAuditHeadSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
