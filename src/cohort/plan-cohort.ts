import canonicalize from 'canonicalize';
import type { CohortDefinition, Criterion, EventCriterion } from './cohort-definition.ts';
import type { CohortPlan, EventSourceNode, PlannedStep, StepNode } from './cohort-nodes.ts';

const sorted = (xs: readonly string[] | undefined): string[] => [...new Set(xs ?? [])].sort();

function eventSource(def: CohortDefinition, e: EventCriterion): EventSourceNode {
  const fromSet = (name: string | undefined) => (name ? (def.codeSets?.[name]?.codes ?? []) : []);
  switch (e.domain) {
    case 'condition':
      return {
        kind: 'conditionEvents',
        codes: sorted([...(e.codes ?? []), ...fromSet(e.codeSet)]),
        icd10Prefixes: sorted(e.icd10),
      };
    case 'observation':
      return {
        kind: 'observationEvents',
        codes: sorted([...(e.codes ?? []), ...fromSet(e.codeSet)]),
        ...(e.value ? { value: e.value } : {}),
        ...(e.unit ? { unit: e.unit } : {}),
      };
    case 'encounter':
      return {
        kind: 'encounterEvents',
        classCodes: sorted(e.classCodes),
        settings: sorted(e.settings),
        virtualKinds: sorted(e.virtualKinds),
        priorities: sorted(e.priorities),
      };
    case 'medication':
      return {
        kind: 'medicationEvents',
        atcPrefixes: sorted([...(e.atcPrefixes ?? []), ...fromSet(e.codeSet)]),
      };
    case 'procedure':
      return { kind: 'procedureEvents', codes: sorted([...(e.codes ?? []), ...fromSet(e.codeSet)]) };
  }
}

const key = (tag: string, value: unknown) => `${tag}:${canonicalize(value) ?? ''}`;

function describeWindow(c: Criterion): string {
  const occ = c.occurrence ?? { type: 'atLeast', count: 1 };
  const how = { atLeast: 'at least', atMost: 'at most', exactly: 'exactly' }[occ.type];
  const when = c.window ? ` within ${c.window.days} days ${c.window.direction} entry` : '';
  return `${how} ${occ.count} ${c.event.domain} event(s)${when}`;
}

function windowStep(def: CohortDefinition, c: Criterion, exclude: boolean, index: number): PlannedStep {
  const node: StepNode = {
    kind: 'windowStep',
    source: eventSource(def, c.event),
    ...(c.window ? { window: c.window } : {}),
    occurrence: c.occurrence ?? { type: 'atLeast', count: 1 },
    exclude,
  };
  const { kind: _kind, ...identity } = node;
  const label = c.name ?? `${exclude ? 'exclude' : 'include'} ${index + 1}: ${describeWindow(c)}`;
  return { node, label, key: key(exclude ? 'exclusion' : 'inclusion', identity) };
}

/**
 * Plans a definition into steps in attrition order: entry event (with the purpose's objections
 * removed), age, sex, region, municipality, the inclusion criteria, then the exclusion criteria.
 * Code sets are resolved and code lists sorted, so equal criteria get equal keys in any definition.
 */
export function planCohort(def: CohortDefinition, purpose: string): CohortPlan {
  const steps: PlannedStep[] = [];
  const entrySource = eventSource(def, def.entry.event);
  const first = def.entry.occurrence === 'first';
  steps.push({
    node: {
      kind: 'entryStep',
      source: entrySource,
      first,
      purpose,
      ...(def.entry.dateRange?.from ? { from: def.entry.dateRange.from } : {}),
      ...(def.entry.dateRange?.to ? { to: def.entry.dateRange.to } : {}),
    },
    label: `entry: ${first ? 'first' : 'any'} ${def.entry.event.domain} event`,
    key: key('entry', { source: entrySource, first, dateRange: def.entry.dateRange ?? null }),
  });
  const demo = def.demographics;
  if (demo?.age && (demo.age.min !== undefined || demo.age.max !== undefined)) {
    const { min, max } = demo.age;
    steps.push({
      node: { kind: 'ageStep', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) },
      label: `age ${min ?? 0}–${max ?? '…'} at entry`,
      key: key('age', { min: min ?? null, max: max ?? null }),
    });
  }
  for (const [column, values] of [
    ['sex', demo?.sex],
    ['region', demo?.regions],
    ['municipality', demo?.municipalities],
  ] as const) {
    if (!values) continue;
    const v = sorted(values);
    steps.push({
      node: { kind: 'attributeStep', column, values: v },
      label: `${column}: ${v.join(', ')}`,
      key: key(column, v),
    });
  }
  def.inclusion.forEach((c, i) => {
    steps.push(windowStep(def, c, false, i));
  });
  def.exclusion.forEach((c, i) => {
    steps.push(windowStep(def, c, true, i));
  });
  return { name: def.name, steps };
}
