/**
 * The parsed, validated form of a SQL on FHIR v2 ViewDefinition. Produced by `parseViewDefinition`;
 * every node remembers the JSON path it came from so run-time errors can say where they are.
 */

/** How a select node iterates over its context before producing rows. */
export const IterationKinds = {
  forEach: 'forEach',
  forEachOrNull: 'forEachOrNull',
  repeat: 'repeat',
} as const;
export type IterationKind = keyof typeof IterationKinds;

export interface ViewColumn {
  readonly name: string;
  readonly path: string;
  /** FHIR type name as declared in the view (informational; values are not coerced). */
  readonly type?: string;
  readonly collection: boolean;
  readonly description?: string;
  /** JSON path of this column inside the ViewDefinition, e.g. `select[0].column[2]`. */
  readonly at: string;
}

export interface ViewIteration {
  readonly kind: IterationKind;
  /** One expression for forEach/forEachOrNull; one or more for repeat. */
  readonly paths: readonly string[];
}

export interface SelectNode {
  readonly column: readonly ViewColumn[];
  readonly select: readonly SelectNode[];
  readonly unionAll: readonly SelectNode[];
  readonly iterate?: ViewIteration;
  readonly at: string;
}

export interface ViewWhere {
  readonly path: string;
  readonly at: string;
}

export interface ViewDefinition {
  readonly name?: string;
  readonly resource: string;
  /** Constant values by name, referenced in expressions as `%name`. */
  readonly constants: Readonly<Record<string, ViewConstant>>;
  readonly where: readonly ViewWhere[];
  /** The view itself as the root select node (no columns of its own, `select` = the view's selects). */
  readonly root: SelectNode;
}

export interface ViewConstant {
  readonly name: string;
  /** The FHIR type from the `value[x]` suffix, e.g. `string`, `date`, `integer`. */
  readonly type: string;
  readonly value: unknown;
}
