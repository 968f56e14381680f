import { closeSync, fchmodSync, fdatasyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder } from './json-lines-file.ts';

let written = 0;
const tempOf = (path: string) => `${path}.${process.pid}.${++written}.tmp`;

/**
 * Replaces the file at `path` with `text` so that a crash or power cut at any moment leaves the old
 * file or the new one, never a mix or an empty file, and the new one is on disk when the promise
 * resolves: written to a temporary file beside it, flushed, renamed over it, and the folder flushed.
 * For station state a result depends on (the privacy budget spent, the policy, permits), so an answer
 * that has left is never followed by a state that forgot it.
 */
export async function replaceFile(
  path: string,
  text: string,
  options: { mode?: number } = {},
): Promise<void> {
  const temp = tempOf(path);
  try {
    await writeFlushed(temp, text, options.mode);
    await rename(temp, path);
  } catch (e) {
    // A full disk or a failed rename leaves the old file as it was and no temporary file behind.
    await rm(temp, { force: true });
    throw e;
  }
  syncFolder(dirname(path));
}

/** {@link replaceFile}, synchronously. */
export function replaceFileSync(path: string, text: string, options: { mode?: number } = {}): void {
  const temp = tempOf(path);
  try {
    const fd = openSync(temp, 'w', options.mode ?? 0o666);
    try {
      const bytes = Buffer.from(text, 'utf8');
      let at = 0;
      while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      if (options.mode !== undefined) fchmodSync(fd, options.mode);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
  syncFolder(dirname(path));
}

/**
 * Creates the file at `path` with `text` only if there is none yet (an `EEXIST` error otherwise), with
 * the guarantees of {@link replaceFile}: another process sees no file or the whole one, never a part,
 * and it is on disk when the promise resolves. For what is created once and never replaced (a station's
 * keys, its `station.json`): written to a temporary file, flushed, then hard-linked into place, which
 * fails instead of overwriting when another process created the file first.
 */
export async function createFile(path: string, text: string, options: { mode?: number } = {}): Promise<void> {
  const temp = tempOf(path);
  try {
    await writeFlushed(temp, text, options.mode);
    await link(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
  syncFolder(dirname(path));
}

async function writeFlushed(path: string, text: string, mode: number | undefined): Promise<void> {
  const file = await open(path, 'w', mode ?? 0o666);
  try {
    await file.writeFile(text);
    // The umask may have narrowed the mode given to open; a secret file gets exactly what was asked.
    if (mode !== undefined) await file.chmod(mode);
    await file.datasync();
  } finally {
    await file.close();
  }
}
