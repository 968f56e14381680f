import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The faces (the command line, the web UI, the demo) use the other packages through their entry files
 * (`src/<package>/index.ts`), never their internals, so a package can move its files without breaking a
 * face. Test fixtures (`*.fixture.ts`) are not an API and may be read where they are.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const FACES = ['cli', 'web', 'demo'];
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The imports of one face file that reach into another package: `file:line → target`. */
function faceImportViolations(file: string, text: string): string[] {
  const face = relative(SRC, file).split(sep)[0];
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const target = relative(SRC, resolve(dirname(file), m[1]!));
    const pkg = target.split(sep)[0]!;
    if (pkg === face || target.startsWith('..')) continue;
    if (target === join(pkg, 'index.ts') || target.endsWith('.fixture.ts')) continue;
    const line = text.slice(0, m.index).split('\n').length;
    out.push(`${relative(SRC, file)}:${line} → ${target}`);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('faces import other packages through their entry files', () => {
  it('finds no import of another package’s internals in src/cli, src/web or src/demo', () => {
    const files = FACES.flatMap((f) => sources(join(SRC, f)));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((f) => faceImportViolations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('tells an entry file from an internal one, for static, type, dynamic and re-exports', () => {
    const file = join(SRC, 'cli', 'commands', 'x-command.ts');
    const text = [
      "import { openStation } from '../../station/index.ts';",
      "import type { StationStore } from '../../store/station-store.ts';",
      "import { x } from './x.ts';",
      "import { seedDemo } from '../../hub/organisations/seed-demo.ts';",
      "const m = await import('../../analytics/local-registry.ts');",
      "export { y } from '../../cohort/run-cohort.ts';",
      "import { notes } from '../../privacy/deidentify/dutch-notes.fixture.ts';",
    ].join('\n');
    expect(faceImportViolations(file, text)).toEqual([
      'cli/commands/x-command.ts:2 → store/station-store.ts',
      'cli/commands/x-command.ts:4 → hub/organisations/seed-demo.ts',
      'cli/commands/x-command.ts:5 → analytics/local-registry.ts',
      'cli/commands/x-command.ts:6 → cohort/run-cohort.ts',
    ]);
  });
});
