import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The external test material (SQL on FHIR v2 suite, FHIRPath suite, Synthea samples) lives in the
 * `shared/` folder next to the repository and is read in place, never copied. On a fresh clone without it
 * the tests that need it skip with a message.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_EXTERNAL =
  process.env.AI4H_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data', 'external');

export function sharedData(relative: string): string | undefined {
  const path = join(SHARED_EXTERNAL, relative);
  if (existsSync(path)) return path;
  console.warn(
    `Skipped: external test data ${relative} not found next to the repository (../shared/data/external). ` +
      'Place the shared folder beside the clone or set AI4H_SHARED_DATA to enable these tests.',
  );
  return undefined;
}
