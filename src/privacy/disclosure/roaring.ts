import { createRequire } from 'node:module';
import type * as Roaring from 'roaring';

/**
 * Loads `roaring` (CRoaring's compressed bitmaps). Its loader (node-pre-gyp) parses `process.argv` as its
 * own options, so an `ai4h … --dir X` command line would send it looking for its binary under X: the
 * command line is hidden from it while it loads. It is a CommonJS package, loaded with `require`.
 */
function load(): typeof Roaring {
  const require = createRequire(import.meta.url);
  const argv = process.argv;
  process.argv = argv.slice(0, 2);
  try {
    return require('roaring') as typeof Roaring;
  } finally {
    process.argv = argv;
  }
}

/** Compressed bitmaps of 32-bit integers: the released patient sets. */
export const { RoaringBitmap32 } = load();
export type RoaringBitmap32 = InstanceType<typeof RoaringBitmap32>;
