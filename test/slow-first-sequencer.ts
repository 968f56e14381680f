import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Browser files take minutes, files on a test network or a database tens of seconds, the rest seconds. */
function expectedWeight(file: string): number {
  if (file.endsWith('.e2e.test.ts')) return 2;
  if (/\.int\.test\.ts$|\.pglite\.test\.ts$|[\\/]private-files\.test\.ts$/.test(file)) return 1;
  return 0;
}

/**
 * Starts the longest test files first, so that no file of minutes starts last while the other process
 * idles. Vitest's own order does that when it remembers how long each file took (a run before on this
 * machine); without that memory (a fresh clone, as in CI) it starts the largest files first, which are
 * not the slowest: then browser files go first, then the network and database ones, each group in
 * vitest's order.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const remembered = sorted.every((f) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(root, f.moduleId)}`),
    );
    if (remembered) return sorted;
    return sorted
      .map((f, i) => ({ f, i, w: expectedWeight(f.moduleId) }))
      .sort((a, b) => b.w - a.w || a.i - b.i)
      .map(({ f }) => f);
  }
}
