import { existsSync, readFileSync } from 'node:fs';
import { replaceFileSync } from '../../common/replace-file.ts';

/**
 * A small piece of station state kept as one JSON file, replaced atomically on every change
 * and flushed ({@link replaceFileSync}). With no path it lives in memory only (tests).
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
    replaceFileSync(this.path, JSON.stringify(next, null, 2), { mode: 0o600 });
  }
}
