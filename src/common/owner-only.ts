import { chmod, stat } from 'node:fs/promises';

/**
 * Takes away group and other permissions from `path` (a file: 0600, a folder: 0700) when it has any;
 * nothing when it does not exist. For data and secrets made before the platform kept them private, or
 * copied with other modes.
 */
export async function makeOwnerOnly(path: string): Promise<void> {
  let mode: number;
  let dir: boolean;
  try {
    const st = await stat(path);
    mode = st.mode;
    dir = st.isDirectory();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((mode & 0o077) === 0) return;
  await chmod(path, dir ? 0o700 : 0o600);
}
