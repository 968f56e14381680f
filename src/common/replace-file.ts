import { closeSync, fchmodSync, fdatasyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
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
    const file = await open(temp, 'w', options.mode ?? 0o666);
    try {
      await file.writeFile(text);
      // The umask may have narrowed the mode given to open; a secret file gets exactly what was asked.
      if (options.mode !== undefined) await file.chmod(options.mode);
      await file.datasync();
    } finally {
      await file.close();
    }
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
