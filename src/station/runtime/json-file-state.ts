import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * A small piece of station state kept as one JSON file, replaced atomically on every change
 * (write to a temporary file, then rename). With no path it lives in memory only (tests).
 */
export class JsonFileState<T> {
  private value: T;

  constructor(
    private readonly path: string | undefined,
    initial: T,
  ) {
    this.value = path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : initial;
  }

  get(): T {
    return this.value;
  }

  set(next: T): void {
    this.value = next;
    if (!this.path) return;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
