import { viewNeedsDecimalPrecision, withDecimalPrecision } from './decimal-precision.ts';
import { engineConstants, engineExpression } from './fhirpath-engine.ts';
import type { ViewDefinition } from './view-definition.ts';
import { buildViewPlan, type ExprBackend, type ViewFn } from './view-plan.ts';

/** Expressions evaluated by fhirpath.js; forEach foci stay engine nodes so types resolve below them. */
const engineBackend: ExprBackend<undefined> = {
  root: undefined,
  iterate: (expression, _ctx, at) => ({
    fn: engineExpression(expression, { nodes: true, at }),
    ctx: undefined,
  }),
  value: (expression, _ctx, at) => engineExpression(expression, { at }),
};

const plans = new WeakMap<ViewDefinition, ViewFn>();

/**
 * The reference row function of a view, evaluated entirely by the fhirpath.js engine. A view that
 * depends on decimal precision sees the decimals its resources were written with, where the reader kept
 * them (`readFhirFiles(…, { decimalText: true })`).
 */
export function engineView(view: ViewDefinition): ViewFn {
  let plan = plans.get(view);
  if (!plan) {
    const rows = buildViewPlan(view, engineBackend, engineConstants(view.constants));
    plan = viewNeedsDecimalPrecision(view) ? (r) => rows(withDecimalPrecision(r)) : rows;
    plans.set(view, plan);
  }
  return plan;
}

/**
 * Runs a view over resources with the full FHIRPath engine (the reference implementation; see
 * `compileView` for the fast path used at ingest). Resources of other types are skipped.
 * Throws an `unprocessable` AppError naming the column or where clause when a value breaks the spec's
 * rules (several values in a non-collection column, a non-boolean where result).
 */
export function runView(
  view: ViewDefinition,
  resources: Iterable<Record<string, unknown>>,
): Record<string, unknown>[] {
  const plan = engineView(view);
  const rows: Record<string, unknown>[] = [];
  for (const r of resources) for (const row of plan(r)) rows.push(row);
  return rows;
}
