import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where algorithm folders live (one per algorithm, see algorithms/README.md). */
export const ALGORITHMS_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'algorithms');
