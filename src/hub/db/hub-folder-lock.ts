import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { conflict } from '../../common/app-error.ts';

/** The lock of an embedded hub database folder: the process id of the hub that has it open. */
export const LOCK_FILE = 'ai4h-hub.lock';

const heldHere = new Set<string>();

/**
 * Takes the folder of an embedded database for this process, or refuses (409) while another live process
 * or another database object in this one has it: PGlite does not stop a second instance from opening the
 * same folder, and two writers corrupt it (e.g. `ai4h hub rotate-secret` while `ai4h hub serve` runs). A
 * lock left by a process that died (a SIGKILL, a power cut) is taken over. Returns the release function.
 */
export function lockHubFolder(dir: string): () => void {
  const folder = resolve(dir);
  const path = join(folder, LOCK_FILE);
  if (heldHere.has(folder))
    throw conflict('the hub database in this folder is already open in this process', dir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(e, path, dir);
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw conflict(
          `the hub database in this folder is in use by process ${holder}; stop that hub first`,
          dir,
        );
      }
      rmSync(path, { force: true });
    }
  }
  heldHere.add(folder);
  return () => {
    heldHere.delete(folder);
    rmSync(path, { force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(e: unknown, path: string, dir: string): unknown {
  if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
    return conflict(`another process took ${LOCK_FILE} at the same moment`, dir);
  }
  return e instanceof Error ? e : new Error(`cannot create ${path}`);
}
