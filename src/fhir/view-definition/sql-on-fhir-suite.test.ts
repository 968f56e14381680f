import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../test-support/shared-data.ts';
import { parseJsonKeepingDecimals } from '../decimal-text.ts';
import { compileView, compileViewRows } from './compile-view.ts';
import { viewNeedsDecimalPrecision } from './decimal-precision.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { runView } from './run-view.ts';
import { viewColumns } from './view-columns.ts';

/**
 * The official SQL on FHIR v2 test suite (`../shared/data/external/sql-on-fhir-v2/tests`), read as it is.
 * Every case runs through the engine path (`runView`), the compiled path (`compileView`) and the
 * compiled rows the ingest uses (`compileViewRows`). A view that depends on decimal precision gets the
 * resources as `readFhirFiles(…, { decimalText: true })` reads them (the written decimals kept), every
 * other view as plain `JSON.parse` gives them, as the ingest reads them.
 */
interface SuiteCase {
  title: string;
  view: unknown;
  expect?: Record<string, unknown>[];
  expectError?: boolean;
  expectColumns?: string[];
  expectCount?: number;
}
interface SuiteFile {
  resources: Record<string, unknown>[];
  /** The same resources with the source text of their decimals kept. */
  preciseResources: Record<string, unknown>[];
  tests: SuiteCase[];
}

function readSuiteFile(path: string): SuiteFile {
  const text = readFileSync(path, 'utf8');
  const file = JSON.parse(text) as SuiteFile;
  file.preciseResources = (parseJsonKeepingDecimals(text) as SuiteFile).resources;
  return file;
}

const resourcesFor = (file: SuiteFile, view: ReturnType<typeof parseViewDefinition>) =>
  viewNeedsDecimalPrecision(view) ? file.preciseResources : file.resources;

type Runner = (
  view: ReturnType<typeof parseViewDefinition>,
  resources: Record<string, unknown>[],
) => unknown[];
const runners: Record<string, Runner> = {
  engine: (view, resources) => runView(view, resources),
  compiled: (view, resources) => {
    const fn = compileView(view);
    return resources.flatMap((r) => fn(r));
  },
  // The ingest's form: arrays in column order, read back into objects by the column names.
  'compiled rows': (view, resources) => {
    const fn = compileViewRows(view);
    const names = viewColumns(view).map((c) => c.name);
    return resources.flatMap((r) => fn(r).map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]]))));
  },
};

/** Rows as a sorted list of canonical strings, so comparison ignores row and key order. */
function canonical(rows: unknown[]): string[] {
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, stable(x)]),
          )
        : v;
  return rows.map((r) => JSON.stringify(stable(r))).sort();
}

/** Runs one case; returns undefined when it passes, otherwise why not. */
function runCase(file: SuiteFile, t: SuiteCase, run: Runner): string | undefined {
  let rows: unknown[];
  let columns: string[];
  try {
    const view = parseViewDefinition(t.view);
    columns = viewColumns(view).map((c) => c.name);
    rows = run(view, resourcesFor(file, view));
  } catch (e) {
    return t.expectError ? undefined : `threw ${(e as Error).message}`;
  }
  if (t.expectError) return 'expected an error, got rows';
  if (t.expectColumns && JSON.stringify(columns) !== JSON.stringify(t.expectColumns)) {
    return `columns ${JSON.stringify(columns)} != ${JSON.stringify(t.expectColumns)}`;
  }
  if (t.expectCount !== undefined && rows.length !== t.expectCount)
    return `count ${rows.length} != ${t.expectCount}`;
  if (t.expect) {
    const got = canonical(rows);
    const want = canonical(t.expect);
    if (JSON.stringify(got) !== JSON.stringify(want))
      return `rows ${JSON.stringify(got)} != ${JSON.stringify(want)}`;
  }
  return undefined;
}

const dir = sharedData('sql-on-fhir-v2/tests');

describe.skipIf(!dir)('SQL on FHIR v2 official test suite', () => {
  const files = dir
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const results: Record<string, { passed: number; total: number }> = {};

  for (const [runnerName, run] of Object.entries(runners)) {
    it(`passes every case (${runnerName} path)`, () => {
      const unexpected: string[] = [];
      let passed = 0;
      let total = 0;
      for (const f of files) {
        const file = readSuiteFile(join(dir as string, f));
        for (const t of file.tests) {
          total++;
          const failure = runCase(file, t, run);
          if (!failure) passed++;
          else unexpected.push(`${f}/${t.title}: ${failure}`);
        }
      }
      results[runnerName] = { passed, total };
      expect(total).toBeGreaterThan(100);
      expect(passed).toBe(total);
      expect(unexpected).toEqual([]);
    });
  }

  it('compiled path gives exactly the engine rows, in the same order, on every case', () => {
    const differ: string[] = [];
    for (const f of files) {
      const file = readSuiteFile(join(dir as string, f));
      for (const t of file.tests) {
        const outcome = (run: Runner) => {
          try {
            const view = parseViewDefinition(t.view);
            return JSON.stringify(run(view, resourcesFor(file, view)));
          } catch {
            return 'error';
          }
        };
        const engine = outcome(runners.engine as Runner);
        if (outcome(runners.compiled as Runner) !== engine) differ.push(`${f}/${t.title}`);
        if (outcome(runners['compiled rows'] as Runner) !== engine) differ.push(`${f}/${t.title} (rows)`);
      }
    }
    expect(differ).toEqual([]);
  });

  afterAll(() => {
    for (const [name, r] of Object.entries(results)) {
      console.log(`SQL on FHIR v2 suite: ${r.passed}/${r.total} passed (${name} path)`);
    }
  });
});
