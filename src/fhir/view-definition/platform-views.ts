import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { badInput } from '../../common/app-error.ts';
import { compileView, compileViewRows } from './compile-view.ts';
import { parseViewDefinition } from './parse-view-definition.ts';
import { type ViewColumnInfo, viewColumns } from './view-columns.ts';
import type { ViewDefinition } from './view-definition.ts';
import type { ViewFn, ViewRowsFn } from './view-plan.ts';

/** One station table: its ViewDefinition, ready to run. */
export interface PlatformView {
  /** Table name (the view's `name`, e.g. `encounter`). */
  readonly name: string;
  /** The FHIR resource type whose resources fill the table. */
  readonly resourceType: string;
  readonly view: ViewDefinition;
  /** The compiled row function (see `compileView`). */
  readonly compiled: ViewFn;
  /** The same rows as arrays in column order (see `compileViewRows`). */
  readonly rows: ViewRowsFn;
  readonly columns: readonly ViewColumnInfo[];
}

/** The repository's `views/` folder, found from this source file so it works from any working directory. */
export const PLATFORM_VIEWS_DIR = fileURLToPath(new URL('../../../views/', import.meta.url));

/**
 * Loads, validates and compiles every ViewDefinition in `views/` (the station's table contract, see
 * views/README.md), sorted by table name. Throws a badInput AppError naming the file and JSON path of
 * a broken view.
 */
export async function loadPlatformViews(dir: string = PLATFORM_VIEWS_DIR): Promise<PlatformView[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const views: PlatformView[] = [];
  for (const file of files) {
    let view: ViewDefinition;
    try {
      view = parseViewDefinition(JSON.parse(await readFile(`${dir}/${file}`, 'utf8')));
    } catch (e) {
      throw badInput(e instanceof Error ? e.message : String(e), `views/${file}`);
    }
    const name = view.name ?? file.replace(/\.json$/, '');
    if (`${name}.json` !== file)
      throw badInput(`view name '${name}' must match its file name`, `views/${file}`);
    views.push({
      name,
      resourceType: view.resource,
      view,
      compiled: compileView(view),
      rows: compileViewRows(view),
      columns: viewColumns(view),
    });
  }
  return views;
}
