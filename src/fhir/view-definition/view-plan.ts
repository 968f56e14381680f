import { unprocessable } from '../../common/app-error.ts';
import type { ExprFn, Vars } from './fhirpath-engine.ts';
import { viewColumns } from './view-columns.ts';
import type { SelectNode, ViewDefinition } from './view-definition.ts';

/**
 * How expressions are evaluated. The plan (rows, forEach, unionAll, collection rules) is the same for the
 * fhirpath.js engine and for the compiled fast path; only this part differs. `Ctx` is what a backend
 * knows statically about a focus (the compiled backend tracks its FHIR type).
 */
export interface ExprBackend<Ctx> {
  readonly root: Ctx;
  /** An expression whose results become foci of nested selects; returns their static context too. */
  iterate(expression: string, ctx: Ctx, at: string): { fn: ExprFn; ctx: Ctx };
  /** An expression whose results are column values or where conditions. */
  value(expression: string, ctx: Ctx, at: string): ExprFn;
}

/** Runs a view over one resource. Resources of another type give no rows. */
export type ViewFn = (resource: Record<string, unknown>) => Record<string, unknown>[];

/** A {@link ViewFn} whose rows are arrays of the column values, in the view's column order. */
export type ViewRowsFn = (resource: Record<string, unknown>) => unknown[][];

type Emit = (row: unknown[]) => void;
type NodeFn = (focus: unknown, vars: Vars, row: unknown[], emit: Emit) => void;

/** Builds the row function of a view on top of an expression backend. */
export function buildViewPlan<Ctx>(view: ViewDefinition, backend: ExprBackend<Ctx>, constants: Vars): ViewFn {
  return buildPlan(view, backend, constants, rowConstructor(viewColumns(view).map((c) => c.name)));
}

/** {@link buildViewPlan} with rows as arrays in column order (what a table takes; no object per row). */
export function buildViewRowsPlan<Ctx>(
  view: ViewDefinition,
  backend: ExprBackend<Ctx>,
  constants: Vars,
): ViewRowsFn {
  return buildPlan(view, backend, constants, (values) => values.slice());
}

function buildPlan<Ctx, Row>(
  view: ViewDefinition,
  backend: ExprBackend<Ctx>,
  constants: Vars,
  makeRow: (values: unknown[]) => Row,
): (resource: Record<string, unknown>) => Row[] {
  const names = viewColumns(view).map((c) => c.name);
  const index = new Map(names.map((n, i) => [n, i]));
  const where = view.where.map((w) => ({
    fn: backend.value(w.path, backend.root, `${w.at}.path`),
    at: w.at,
  }));
  const root = planNode(view.root, backend, backend.root, index);
  const resourceType = view.resource;
  const width = names.length;
  const baseVars: Vars = { ...constants, rowIndex: 0 };

  return (resource) => {
    if (resource.resourceType !== resourceType) return [];
    for (const w of where) {
      const result = w.fn(resource, baseVars);
      if (result.length === 0) return [];
      if (result.length > 1 || typeof result[0] !== 'boolean') {
        throw unprocessable('where expression must give a single boolean', `${w.at}.path`);
      }
      if (result[0] !== true) return [];
    }
    const rows: Row[] = [];
    const row: unknown[] = new Array(width).fill(null);
    root(resource, baseVars, row, (values) => rows.push(makeRow(values)));
    return rows;
  };
}

function planNode<Ctx>(
  node: SelectNode,
  backend: ExprBackend<Ctx>,
  ctx: Ctx,
  index: Map<string, number>,
): NodeFn {
  let inner = ctx;
  let foci: ((focus: unknown, vars: Vars) => unknown[]) | undefined;
  const it = node.iterate;
  if (it) {
    const compiled = it.paths.map((p, i) =>
      backend.iterate(p, ctx, it.kind === 'repeat' ? `${node.at}.repeat[${i}]` : `${node.at}.${it.kind}`),
    );
    inner = (compiled[0] as { ctx: Ctx }).ctx;
    if (it.kind === 'repeat') {
      const steps = compiled.map((c) => c.fn);
      // Depth-first, pre-order: each element, then what every repeat expression reaches from it.
      foci = (focus, vars) => {
        const out: unknown[] = [];
        const visit = (f: unknown) => {
          for (const step of steps) {
            for (const child of step(f, vars)) {
              out.push(child);
              visit(child);
            }
          }
        };
        visit(focus);
        return out;
      };
    } else {
      foci = (compiled[0] as { fn: ExprFn }).fn;
    }
  }
  const orNull = it?.kind === 'forEachOrNull';
  const columns = node.column.map((c) => ({
    fn: backend.value(c.path, inner, `${c.at}.path`),
    slot: index.get(c.name) as number,
    collection: c.collection,
    at: c.at,
  }));
  const selects = node.select.map((s) => planNode(s, backend, inner, index));
  const branches = node.unionAll.map((s) => planNode(s, backend, inner, index));
  const slots = subtreeSlots(node, index);

  // Fills this node's columns, then chains nested selects and the unionAll as a cross product.
  const fillColumns = (focus: unknown, vars: Vars, row: unknown[]) => {
    for (const c of columns) {
      const values = c.fn(focus, vars);
      if (c.collection) row[c.slot] = values;
      else if (values.length === 0) row[c.slot] = null;
      else if (values.length === 1) row[c.slot] = values[0];
      else
        throw unprocessable('column gives more than one value; declare it collection: true', `${c.at}.path`);
    }
  };
  const fill = (focus: unknown, vars: Vars, row: unknown[], emit: Emit) => {
    fillColumns(focus, vars, row);
    chain(0, focus, vars, row, emit);
  };
  const chain = (i: number, focus: unknown, vars: Vars, row: unknown[], emit: Emit): void => {
    if (i < selects.length) {
      (selects[i] as NodeFn)(focus, vars, row, (r) => chain(i + 1, focus, vars, r, emit));
    } else if (branches.length > 0) {
      for (const b of branches) b(focus, vars, row, emit);
    } else {
      emit(row);
    }
  };

  if (!foci) return fill;
  const iterateFoci = foci;
  return (focus, vars, row, emit) => {
    const items = iterateFoci(focus, vars);
    if (items.length === 0) {
      if (!orNull) return;
      // The spec's null row: nested columns null, this node's own columns evaluated on an empty focus
      // (so %rowIndex is 0 and literals keep their value).
      for (const slot of slots) row[slot] = null;
      fillColumns(undefined, { ...vars, rowIndex: 0 }, row);
      emit(row);
      return;
    }
    for (let i = 0; i < items.length; i++) fill(items[i], { ...vars, rowIndex: i }, row, emit);
  };
}

function subtreeSlots(node: SelectNode, index: Map<string, number>): number[] {
  const out: number[] = [];
  const walk = (n: SelectNode) => {
    for (const c of n.column) out.push(index.get(c.name) as number);
    for (const s of n.select) walk(s);
    for (const u of n.unionAll) walk(u);
  };
  walk(node);
  return out;
}

/**
 * A function building a row object from the column values as one object literal, so every row has the
 * same hidden class (keyed stores in a loop would make V8 walk shape transitions for each row).
 * Column names are validated identifiers and JSON-encoded besides.
 */
function rowConstructor(names: readonly string[]): (values: readonly unknown[]) => Record<string, unknown> {
  const fields = names.map((n, i) => `${JSON.stringify(n)}: values[${i}]`).join(', ');
  return new Function('values', `return { ${fields} };`) as (
    values: readonly unknown[],
  ) => Record<string, unknown>;
}
