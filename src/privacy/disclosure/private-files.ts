import { constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Append-only, created 0600 (with {@link openSync}'s mode argument). */
export const dataFileFlags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/** Creates the folder of a station file (0700) when it is missing. */
export function ensurePrivateDir(filePath: string): void {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
}
