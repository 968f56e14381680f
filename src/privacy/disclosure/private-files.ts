import { constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { syncFolder } from '../../common/json-lines-file.ts';

/** Append-only, created 0600 (with {@link openSync}'s mode argument). */
export const dataFileFlags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/** Creates the folder of a station file (0700) when it is missing. */
export function ensurePrivateDir(filePath: string): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
}

/**
 * Runs `open` on a station file and, when that created the file, flushes its folder, so a power cut
 * after the first write cannot lose the file's entry (the writes themselves are flushed by the caller).
 */
export function openCreatingDurably<T>(filePath: string, open: () => T): T {
  const created = !existsSync(filePath);
  const opened = open();
  if (created) syncFolder(dirname(filePath));
  return opened;
}
