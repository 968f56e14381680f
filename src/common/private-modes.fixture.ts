import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every path under `dir` (itself included) whose mode is not 0700 (a folder) or 0600 (a file). */
export function notPrivate(dir: string): string[] {
  const wrong: string[] = [];
  const check = (path: string) => {
    const st = statSync(path);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) wrong.push(`${path} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(path)) check(join(path, name));
  };
  check(dir);
  return wrong;
}
