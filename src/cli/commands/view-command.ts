import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { badInput } from '../../common/index.ts';
import {
  compileView,
  parseViewDefinition,
  readFhirFiles,
  type ViewDefinition,
  viewColumns,
  viewNeedsDecimalPrecision,
} from '../../fhir/index.ts';

const FORMATS = ['ndjson', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `ai4h view run VIEW.json PATH...`: the rows of a SQL on FHIR v2 ViewDefinition over FHIR files
 * (NDJSON or Bundle JSON, .gz too, folders), on stdout. Unreadable lines are reported on stderr with
 * `file:line` and make the exit code 1, as does input without any resource of the view's type (what was
 * skipped is counted on stderr); a bad ViewDefinition is a usage error (exit 2) naming its JSON path.
 */
export function viewCommand(): Command {
  const view = new Command('view')
    .description('SQL on FHIR v2 ViewDefinitions')
    .exitOverride()
    .showHelpAfterError();
  view
    .command('run')
    .description('Print the rows of a ViewDefinition over FHIR files (NDJSON, Bundles, .gz, folders)')
    .argument('<view>', 'ViewDefinition JSON file')
    .argument('<paths...>', 'FHIR files or folders')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('ndjson'))
    .action(async (viewFile: string, paths: string[], opts: { format: Format }) => {
      const parsed = await loadView(viewFile);
      process.exitCode = await runViewOverFiles(parsed, paths, opts.format, (s) => process.stdout.write(s));
    });
  return view;
}

async function loadView(file: string): Promise<ViewDefinition> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw badInput(`cannot read the ViewDefinition (${(e as Error).message.split('\n')[0]})`, file);
  }
  try {
    return parseViewDefinition(json);
  } catch (e) {
    throw badInput((e as Error).message, file);
  }
}

/**
 * Streams the rows of `view` over `paths` to `write` in `format`. Returns the exit code: 0, or 1 when
 * some input could not be read (each reported on stderr with where it is, never its content) or when no
 * resource of the view's type was found. Resources of other types are skipped and counted on stderr.
 */
export async function runViewOverFiles(
  view: ViewDefinition,
  paths: string[],
  format: Format,
  write: (chunk: string) => void,
): Promise<number> {
  const toRows = compileView(view);
  const names = viewColumns(view).map((c) => c.name);
  let failed = 0;
  let matched = 0;
  const otherTypes = new Map<string, number>();
  const notFhir = new Map<string, { first: string; more: number }>();
  let first = true;
  if (format === 'csv') write(`${names.map(csvField).join(',')}\n`);
  if (format === 'json') write('[');
  // Decimals keep their written precision only for a view that needs it (lowBoundary() and the like).
  for await (const item of readFhirFiles(paths, { decimalText: viewNeedsDecimalPrecision(view) })) {
    if (!item.resource) {
      failed++;
      console.error(`${item.where}: ${item.error ?? 'no resource'}`);
      continue;
    }
    const type = item.resource.resourceType;
    if (typeof type !== 'string' || type === '') {
      // A whole file of other JSON (e.g. the generator's truth.json) is said once, then counted.
      failed++;
      const file = fileOf(item.where);
      const seen = notFhir.get(file);
      if (seen) seen.more++;
      else {
        notFhir.set(file, { first: item.where, more: 0 });
        console.error(`${item.where}: not a FHIR resource (no resourceType)`);
      }
      continue;
    }
    if (type !== view.resource) {
      otherTypes.set(type, (otherTypes.get(type) ?? 0) + 1);
      continue;
    }
    matched++;
    let rows: Record<string, unknown>[];
    try {
      rows = toRows(item.resource);
    } catch (e) {
      failed++;
      console.error(`${item.where}: ${(e as Error).message}`);
      continue;
    }
    let out = '';
    for (const row of rows) {
      if (format === 'csv') out += `${names.map((n) => csvField(row[n])).join(',')}\n`;
      else if (format === 'json') out += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      else out += `${JSON.stringify(row)}\n`;
      first = false;
    }
    if (out) write(out);
  }
  if (format === 'json') write(first ? ']\n' : '\n]\n');
  for (const { first: at, more } of notFhir.values())
    if (more > 0) console.error(`${at}: and ${more} more without resourceType in this file`);
  if (otherTypes.size > 0) {
    const counts = [...otherTypes].map(([type, n]) => `${n} ${type}`).join(', ');
    console.error(`skipped ${counts}: the view is over ${view.resource}`);
  }
  if (matched === 0) console.error(`no ${view.resource} resource in the input: nothing to show`);
  return failed > 0 || matched === 0 ? 1 : 0;
}

/** The file of a reader's `file:line` or `file:line entry[i]`. */
function fileOf(where: string): string {
  return /^(.*):\d+(?: entry\[\d+\])?$/.exec(where)?.[1] ?? where;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; collections as JSON. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
