import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.ts';

/**
 * Test files run in separate processes, at least two at a time: vitest's default (one fewer than the
 * cores) runs them one by one on a two-core machine, although most files spend their time waiting for a
 * hub, a station or the browser rather than computing. VITEST_MAX_FORKS=1 runs them one by one again.
 */
const forks = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: forks, minForks: 1 } },
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
