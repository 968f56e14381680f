import { chmodSync, fsyncSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** Mode of the database folder and every folder in it: only the hub's own OS user may enter. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file of the database: its write-ahead log holds the password hashes. */
export const PRIVATE_FILE_MODE = 0o600;

/** The part of Emscripten's NODEFS this file changes (not in PGlite's types). */
interface NodeFsBackend {
  realPath(node: unknown): string;
  node_ops: {
    mknod(parent: unknown, name: string, mode: number, dev: number): unknown;
    setattr(node: unknown, attr: { mode?: number }): void;
  };
  stream_ops: {
    setattr(stream: unknown, attr: { mode?: number }): void;
    fsync?: (stream: { nfd?: number }) => number;
  };
}

type EmscriptenOpts = Awaited<ReturnType<NodeFS['init']>>['emscriptenOpts'];

/**
 * PGlite's Node file system, made private and durable:
 * - every file and folder PostgreSQL creates is given mode 0600 / 0700 the moment it is created, and a
 *   mode set later keeps only its owner's bits (PGlite restores its initial database from an archive with
 *   0666 files; new WAL segments would follow the process's umask);
 * - `fsync` reaches the disk: Emscripten's Node backend has no fsync of its own, so PostgreSQL's fsync of
 *   the write-ahead log at commit and of data files at a checkpoint was a silent no-op.
 *
 * Open the database with `wal_sync_method=fsync` (Emscripten's `fdatasync` does nothing) and without
 * PGlite's default `-F` (fsync off); {@link durableStartParams} does both.
 */
export class PrivateDurableNodeFS extends NodeFS {
  constructor(
    private readonly dir: string,
    private readonly durable: boolean,
  ) {
    super(dir);
  }

  override async init(
    pg: PGlite,
    opts: Partial<EmscriptenOpts>,
  ): Promise<{ emscriptenOpts: EmscriptenOpts }> {
    makePrivate(this.dir);
    const out = await super.init(pg, opts);
    const preRun = toArray(out.emscriptenOpts.preRun);
    const durable = this.durable;
    return {
      emscriptenOpts: {
        ...out.emscriptenOpts,
        preRun: [
          ...preRun,
          (mod: { NODEFS: NodeFsBackend }) => {
            patchNodeFs(mod.NODEFS, durable);
          },
        ],
      },
    };
  }
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function patchNodeFs(fs: NodeFsBackend, durable: boolean): void {
  const mknod = fs.node_ops.mknod;
  fs.node_ops.mknod = function privateMknod(parent, name, mode, dev) {
    const node = mknod.call(this, parent, name, mode, dev);
    const path = fs.realPath(node);
    chmodSync(path, statSync(path).isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
    return node;
  };
  // Restoring PGlite's initial database from its archive sets each file's archived mode (0666).
  const ownerOnly = (attr: { mode?: number }) =>
    attr.mode === undefined ? attr : { ...attr, mode: attr.mode & ~0o077 };
  const setattr = fs.node_ops.setattr;
  fs.node_ops.setattr = function privateSetattr(node, attr) {
    setattr.call(this, node, ownerOnly(attr));
  };
  const streamSetattr = fs.stream_ops.setattr;
  fs.stream_ops.setattr = function privateStreamSetattr(stream, attr) {
    streamSetattr.call(this, stream, ownerOnly(attr));
  };
  if (durable) {
    fs.stream_ops.fsync = (stream) => {
      if (stream.nfd !== undefined) fsyncSync(stream.nfd);
      return 0;
    };
  }
}

/**
 * Gives `dir` mode 0700 and everything in it 0700 (folders) or 0600 (files): a database created before
 * this rule, or copied with other modes, is made private when it is opened.
 */
export function makePrivate(dir: string): void {
  chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makePrivate(path);
    else if (entry.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/**
 * PGlite's start parameters with fsync on (its default has `-F`, fsync off) and the write-ahead log
 * flushed with fsync; `durable: false` keeps PGlite's default (faster, but a power cut or an OS crash
 * may lose the last commits and corrupt the database).
 */
export function durableStartParams(defaults: readonly string[], durable: boolean): string[] {
  if (!durable) return [...defaults];
  return [...defaults.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}
