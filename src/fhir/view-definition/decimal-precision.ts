import fhirpath from 'fhirpath';
import { DECIMAL_TEXT, type DecimalTexts } from '../decimal-text.ts';
import type { SelectNode, ViewDefinition } from './view-definition.ts';

/** FHIRPath functions whose result depends on how many decimals a value was written with. */
const PRECISION_FUNCTIONS = /\b(?:lowBoundary|highBoundary|precision|toString)\s*\(/;

/** True when the expression's result can depend on the precision a decimal was written with. */
export function needsDecimalPrecision(expression: string): boolean {
  return PRECISION_FUNCTIONS.test(expression);
}

/**
 * True when any expression of the view (columns, where, forEach) depends on decimal precision: then its
 * resources must be read with `decimalText: true` (`readFhirFiles`) for the results to be right.
 */
export function viewNeedsDecimalPrecision(view: ViewDefinition): boolean {
  const inNode = (node: SelectNode): boolean =>
    node.column.some((c) => needsDecimalPrecision(c.path)) ||
    (node.iterate?.paths.some(needsDecimalPrecision) ?? false) ||
    node.select.some(inNode) ||
    node.unionAll.some(inNode);
  return view.where.some((w) => needsDecimalPrecision(w.path)) || inNode(view.root);
}

type Json = Record<PropertyKey, unknown>;

/**
 * The value as the FHIRPath engine should see it: numbers whose source text was kept (see
 * `decimal-text.ts`) become fhirpath.js decimals of that text, so `1.0.lowBoundary()` is 0.95. Copies
 * only the objects on the way to such a number; a value without kept texts comes back as it is.
 */
export function withDecimalPrecision<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const texts = (value as unknown as Json)[DECIMAL_TEXT] as DecimalTexts | undefined;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const text = texts?.[String(i)];
      const next = text !== undefined ? fhirpath.FP_Decimal.getDecimal(text) : withDecimalPrecision(value[i]);
      if (next !== value[i]) {
        out ??= value.slice();
        out[i] = next;
      }
    }
    return (out ?? value) as T;
  }
  const obj = value as Json;
  const texts = obj[DECIMAL_TEXT] as DecimalTexts | undefined;
  let out: Json | undefined;
  for (const key in obj) {
    const text = texts?.[key];
    const v = obj[key];
    const next = text !== undefined ? fhirpath.FP_Decimal.getDecimal(text) : withDecimalPrecision(v);
    if (next !== v) {
      out ??= { ...obj };
      out[key] = next;
    }
  }
  return (out ?? value) as T;
}
