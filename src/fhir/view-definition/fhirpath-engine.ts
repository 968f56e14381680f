import type { UserInvocationTable } from 'fhirpath';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { badInput, unprocessable } from '../../common/app-error.ts';
import { referenceKey, resourceKey } from './reference-key.ts';
import type { ViewConstant } from './view-definition.ts';

/** The FHIR R4 model fhirpath.js uses to resolve choice types (`value.ofType(Quantity)`) and types. */
export const R4_MODEL = r4Model;

/** Environment variables of one evaluation: typed constants plus `%rowIndex`. */
export type Vars = Record<string, unknown>;

/** A compiled expression: evaluates on a focus (resource, element, or engine node) with variables. */
export type ExprFn = (focus: unknown, vars: Vars) => unknown[];

// The platform's own FHIRPath functions (SQL on FHIR v2 "required functions" not in fhirpath.js).
const userInvocationTable: UserInvocationTable = {
  getResourceKey: {
    fn: (inputs: unknown[]) => inputs.map(resourceKey).filter((k): k is string => k !== undefined),
    arity: { 0: [] },
  },
  // fhirpath.js returns no value for join() over an empty collection; SQL on FHIR expects ''.
  join: {
    fn: (inputs: unknown[], separator?: string) => {
      if (inputs.some((x) => typeof x !== 'string')) throw new Error('join() needs strings');
      return [inputs.join(separator ?? '')];
    },
    arity: { 0: [], 1: ['String'] },
  },
  lowBoundary: boundaryFunction('lowBoundary', '+14:00'),
  highBoundary: boundaryFunction('highBoundary', '-12:00'),
  getReferenceKey: {
    fn: (inputs: unknown[], type?: { name?: string }) =>
      inputs.map((r) => referenceKey(r, type?.name)).filter((k): k is string => k !== undefined),
    arity: { 0: [], 1: ['TypeSpecifier'] },
  },
};

/**
 * fhirpath.js computes boundaries but leaves a dateTime without time zone without one; the FHIRPath
 * spec (and the suite) give the widest zone: +14:00 for the low boundary, -12:00 for the high one.
 */
function boundaryFunction(name: 'lowBoundary' | 'highBoundary', zone: string): UserInvocationTable[string] {
  const builtin = {
    0: fhirpath.compile(`${name}()`, R4_MODEL, { resolveInternalTypes: false }),
    1: fhirpath.compile(`${name}(%precision)`, R4_MODEL, { resolveInternalTypes: false }),
  };
  return {
    internalStructures: true,
    fn: (inputs: unknown[], precision?: number) =>
      inputs.flatMap((node) => {
        const out = (
          precision === undefined ? builtin[0](node) : builtin[1](node, { precision })
        ) as unknown[];
        const n = node as { fhirNodeDataType?: string; data?: unknown };
        const noZone = typeof n.data === 'string' && !/(Z|[+-]\d\d:\d\d)$/.test(n.data.split('T')[1] ?? '');
        if (n.fhirNodeDataType !== 'dateTime' || !noZone) return out;
        return out.map((v) => `${String(v)}${zone}`);
      }),
    arity: { 0: [], 1: ['Integer'] },
  };
}

/** Throws a badInput AppError at `at` when `expression` is not valid FHIRPath. */
export function checkFhirPathSyntax(expression: string, at: string): void {
  try {
    fhirpath.parse(expression);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : 'syntax error';
    throw badInput(`invalid FHIRPath expression (${reason})`, at);
  }
}

/** Names of the `%variables` an expression refers to (string literals and comments ignored). */
export function referencedVariables(expression: string): string[] {
  const code = expression
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '');
  const names: string[] = [];
  for (const m of code.matchAll(/%(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]*)`)/g))
    names.push((m[1] ?? m[2]) as string);
  return names;
}

/**
 * Compiles one expression with fhirpath.js. `nodes: true` keeps the engine's typed nodes (for forEach
 * foci, so choice types still resolve below them); otherwise values are plain JSON values. `base` is the
 * model path of the focus when it is a part of a resource (e.g. `Observation.component`).
 */
export function engineExpression(
  expression: string,
  options: { nodes?: boolean; base?: string; at?: string } = {},
): ExprFn {
  const fn = fhirpath.compile(options.base ? { base: options.base, expression } : expression, R4_MODEL, {
    resolveInternalTypes: options.nodes !== true,
    userInvocationTable,
  });
  const at = options.at;
  return (focus, vars) => {
    try {
      // An absent focus (the null row of forEachOrNull) is the empty collection.
      return (focus === undefined ? fn([], vars) : fn(focus, vars)) as unknown[];
    } catch {
      // fhirpath.js quotes the data in its messages ("Unexpected collection [...]"): keep only where.
      throw unprocessable(
        'FHIRPath evaluation failed on this resource (for example several values where one is expected)',
        at,
      );
    }
  };
}

const TEMPORAL_LITERAL: Record<string, (v: string) => string> = {
  date: (v) => `@${v}`,
  dateTime: (v) => (v.includes('T') ? `@${v}` : `@${v}T`),
  instant: (v) => `@${v}`,
  time: (v) => `@T${v}`,
};

/**
 * Constant values as the engine needs them. Temporal constants become FHIRPath date/time values so
 * `birthDate = %bd` compares as dates (a plain string never equals a FHIR date in fhirpath.js).
 */
export function engineConstants(constants: Readonly<Record<string, ViewConstant>>): Vars {
  const vars: Vars = {};
  for (const c of Object.values(constants)) {
    const literal = TEMPORAL_LITERAL[c.type];
    if (literal && typeof c.value === 'string') {
      const at = `constant ${c.name}`;
      checkFhirPathSyntax(literal(c.value), at);
      vars[c.name] = fhirpath.evaluate({}, literal(c.value), undefined, R4_MODEL, {
        resolveInternalTypes: false,
      });
    } else {
      vars[c.name] = c.value;
    }
  }
  return vars;
}
