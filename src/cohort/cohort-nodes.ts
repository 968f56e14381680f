/**
 * The immutable tree a cohort definition is planned into before SQL is generated. Every node has a
 * `kind` tag; compilers handle every kind through a `Record<kind, handler>` ({@link NodeVisitors}), so a
 * new kind does not compile until every consumer handles it.
 */

/** Rows `(patient_id, t)` of one domain table, pre-filtered by code. */
export type EventSourceNode =
  | {
      readonly kind: 'conditionEvents';
      readonly codes: readonly string[];
      readonly icd10Prefixes: readonly string[];
    }
  | {
      readonly kind: 'observationEvents';
      readonly codes: readonly string[];
      readonly value?: {
        readonly gt?: number;
        readonly gte?: number;
        readonly lt?: number;
        readonly lte?: number;
      };
      readonly unit?: string;
    }
  | {
      readonly kind: 'encounterEvents';
      readonly classCodes: readonly string[];
      readonly settings: readonly string[];
      readonly virtualKinds: readonly string[];
      readonly priorities: readonly string[];
    }
  | { readonly kind: 'medicationEvents'; readonly atcPrefixes: readonly string[] }
  | { readonly kind: 'procedureEvents'; readonly codes: readonly string[] };

/** One step of the cohort: each filters the patients (with their entry event) left by the step before. */
export type StepNode =
  | {
      readonly kind: 'entryStep';
      readonly source: EventSourceNode;
      readonly first: boolean;
      readonly from?: string;
      readonly to?: string;
      /** Patients who objected to this purpose are never in a cohort. */
      readonly purpose: string;
    }
  | { readonly kind: 'ageStep'; readonly min?: number; readonly max?: number }
  | {
      readonly kind: 'attributeStep';
      readonly column: 'sex' | 'region' | 'municipality';
      readonly values: readonly string[];
    }
  | {
      readonly kind: 'windowStep';
      readonly source: EventSourceNode;
      readonly window?: { readonly direction: 'before' | 'after' | 'around'; readonly days: number };
      readonly occurrence: { readonly type: 'atLeast' | 'atMost' | 'exactly'; readonly count: number };
      /** An exclusion criterion: patients for whom it holds are removed. */
      readonly exclude: boolean;
    };

export type CohortNode = StepNode | EventSourceNode;
export type NodeKind = CohortNode['kind'];

/** One handler per node kind; a missing kind is a compile error. */
export type NodeVisitors<R> = { readonly [K in NodeKind]: (node: Extract<CohortNode, { kind: K }>) => R };

/** Dispatches a node to the handler of its kind. */
export function visitNode<R>(visitors: NodeVisitors<R>, node: CohortNode): R {
  const handler = visitors[node.kind] as (n: CohortNode) => R;
  return handler(node);
}

/** A step with what the ledger and the attrition table need to know about it. */
export interface PlannedStep {
  readonly node: StepNode;
  /** Human label for the attrition table. */
  readonly label: string;
  /** Canonical identity of the criterion, the same for the same criterion in any definition. */
  readonly key: string;
}

/** The planned cohort: steps in attrition order (entry, demographics, inclusion, exclusion). */
export interface CohortPlan {
  readonly name: string;
  readonly steps: readonly PlannedStep[];
}
