import { type CollectionFn, compileFhirPath, ESCAPE } from './compile-fhirpath.ts';
import { needsDecimalPrecision, withDecimalPrecision } from './decimal-precision.ts';
import { isPrimitive } from './fhir-model.ts';
import { type ExprFn, engineConstants, engineExpression } from './fhirpath-engine.ts';
import { Unsupported } from './fhirpath-subset.ts';
import { engineView } from './run-view.ts';
import { viewColumns } from './view-columns.ts';
import type { SelectNode, ViewDefinition } from './view-definition.ts';
import {
  buildViewPlan,
  buildViewRowsPlan,
  type ExprBackend,
  type ViewFn,
  type ViewRowsFn,
} from './view-plan.ts';

/** Thrown while planning when a forEach expression cannot be compiled: the whole view uses the engine. */
class UseEngine extends Error {}

/**
 * Compiles a view into generated JavaScript for the ingest hot path. Expressions in the compiled
 * subset (paths, `where`, `first()`, `exists()`, `ofType` on choice elements, `extension(url)`,
 * `getReferenceKey`, `getResourceKey`, `join`, `substring`, comparisons, `and`/`or`, unions) run without
 * the FHIRPath engine; any other column or where expression runs on fhirpath.js; a view whose
 * forEach/repeat expressions are outside the subset runs entirely on the engine. Rows are identical to {@link runView}'s.
 *
 * @example
 * const toRows = compileView(parseViewDefinition(json));
 * for (const resource of resources) for (const row of toRows(resource)) table.push(row);
 */
export function compileView(view: ViewDefinition): ViewFn {
  if (usesRepeat(view.root)) return engineView(view);
  const constants = engineConstants(view.constants);
  try {
    return buildViewPlan(view, compiledBackend(view), constants);
  } catch (e) {
    if (e instanceof UseEngine) return engineView(view);
    throw e;
  }
}

/**
 * {@link compileView} with each row as an array of its column values in the view's column order
 * (`viewColumns`), for the ingest: no object per row.
 */
export function compileViewRows(view: ViewDefinition): ViewRowsFn {
  const onEngine = (): ViewRowsFn => {
    const fn = engineView(view);
    const names = viewColumns(view).map((c) => c.name);
    return (resource) => fn(resource).map((row) => names.map((n) => row[n] ?? null));
  };
  if (usesRepeat(view.root)) return onEngine();
  try {
    return buildViewRowsPlan(view, compiledBackend(view), engineConstants(view.constants));
  } catch (e) {
    if (e instanceof UseEngine) return onEngine();
    throw e;
  }
}

/** Which expressions of a view were compiled (true) or left to the engine (false); for tests and docs. */
export function compiledExpressions(view: ViewDefinition): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  const backend = compiledBackend(view, out);
  try {
    buildViewPlan(view, backend, engineConstants(view.constants));
  } catch (e) {
    if (!(e instanceof UseEngine)) throw e;
  }
  return out;
}

function compiledBackend(view: ViewDefinition, report?: Record<string, boolean>): ExprBackend<string> {
  const root = view.resource;
  // Below a forEach the engine needs the model path of the focus to resolve types; a primitive focus
  // (forEach over strings) needs none.
  const fallback = (expression: string, ctx: string, at: string): ExprFn => {
    const engine =
      ctx === root || isPrimitive(ctx)
        ? engineExpression(expression, { at })
        : engineExpression(expression, { base: ctx, at });
    // Only these expressions pay for the decimals' written precision (none of the platform views).
    return needsDecimalPrecision(expression)
      ? (focus, vars) => engine(withDecimalPrecision(focus), vars)
      : engine;
  };
  const guard = (fn: CollectionFn, engine: ExprFn): ExprFn => {
    // The focus goes in as a collection of one, in an array kept per expression: one allocation fewer
    // per column and resource. A result that is that array itself (`$this`) is handed out as a copy.
    const one: unknown[] = [undefined];
    return (focus, vars) => {
      try {
        if (focus === undefined) return fn([], vars);
        one[0] = focus;
        const out = fn(one, vars);
        return out === one ? [focus] : out;
      } catch (e) {
        if (e === ESCAPE) return engine(focus, vars);
        throw e;
      } finally {
        one[0] = undefined;
      }
    };
  };
  return {
    root,
    iterate(expression, ctx, at) {
      try {
        const c = compileFhirPath(expression, ctx, view.constants);
        if (c.type === 'System.Any') throw new Unsupported('iteration over mixed types');
        if (report) report[at] = true;
        return { fn: guard(c.fn, fallback(expression, ctx, at)), ctx: c.type };
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        if (report) report[at] = false;
        throw new UseEngine(at);
      }
    },
    value(expression, ctx, at) {
      const engine = fallback(expression, ctx, at);
      try {
        const c = compileFhirPath(expression, ctx, view.constants);
        if (report) report[at] = true;
        return guard(c.fn, engine);
      } catch (e) {
        if (!(e instanceof Unsupported)) throw e;
        if (report) report[at] = false;
        return engine;
      }
    },
  };
}

function usesRepeat(node: SelectNode): boolean {
  return node.iterate?.kind === 'repeat' || [...node.select, ...node.unionAll].some(usesRepeat);
}
