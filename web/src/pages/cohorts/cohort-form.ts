/**
 * The cohort builder's form and the cohort definition language (src/cohort, examples/cohorts/README.md)
 * it writes: an entry event, demographics, inclusion and exclusion criteria with windows.
 * The hub checks the definition with the algorithm's schema and names any problem by its JSON path.
 */
export const Domains = ['condition', 'observation', 'medication', 'procedure', 'encounter'] as const;
export type Domain = (typeof Domains)[number];
export const Settings = ['gp', 'outpatient', 'ed', 'inpatient', 'virtual'] as const;
export const VirtualKinds = ['video', 'e-consult', 'telemonitoring'] as const;

export interface EventForm {
  domain: Domain;
  /** Comma-separated codes (SNOMED CT, LOINC, …); for medication: ATC prefixes; for conditions also ICD-10 prefixes. */
  codes: string;
  icd10: string;
  valueGt: string;
  valueLt: string;
  unit: string;
  settings: string[];
  /** Encounters: kinds of remote care, v3 ActCode classes (e.g. IMP) and priorities (EM, R), comma-separated. */
  virtualKinds: string[];
  classCodes: string;
  priorities: string;
}

export interface CriterionForm {
  name: string;
  event: EventForm;
  direction: '' | 'before' | 'after' | 'around';
  days: string;
  occurrence: 'atLeast' | 'atMost' | 'exactly';
  count: string;
}

export interface CohortForm {
  name: string;
  description: string;
  entry: EventForm;
  entryOccurrence: 'first' | 'all';
  from: string;
  to: string;
  ageMin: string;
  ageMax: string;
  sex: string[];
  inclusion: CriterionForm[];
  exclusion: CriterionForm[];
}

export const emptyEvent = (domain: Domain = 'condition'): EventForm => ({
  domain,
  codes: '',
  icd10: '',
  valueGt: '',
  valueLt: '',
  unit: '',
  settings: [],
  virtualKinds: [],
  classCodes: '',
  priorities: '',
});

export const emptyCriterion = (): CriterionForm => ({
  name: '',
  event: emptyEvent('observation'),
  direction: '',
  days: '365',
  occurrence: 'atLeast',
  count: '1',
});

export const emptyCohort = (): CohortForm => ({
  name: '',
  description: '',
  entry: emptyEvent('condition'),
  entryOccurrence: 'first',
  from: '',
  to: '',
  ageMin: '',
  ageMax: '',
  sex: [],
  inclusion: [],
  exclusion: [],
});

const list = (s: string) =>
  s
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
/** A number field as a number: empty stays out; anything else is sent as typed so the hub can name it. */
const numberOr = (s: string): number | string | undefined => {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
};
const put = <T extends object>(o: T, k: string, v: unknown): T => {
  if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (o as Record<string, unknown>)[k] = v;
  return o;
};

function eventJson(e: EventForm): Record<string, unknown> {
  const o: Record<string, unknown> = { domain: e.domain };
  if (e.domain === 'medication') return put(o, 'atcPrefixes', list(e.codes));
  if (e.domain === 'encounter') {
    put(o, 'classCodes', list(e.classCodes));
    put(o, 'settings', e.settings);
    put(o, 'virtualKinds', e.virtualKinds);
    return put(o, 'priorities', list(e.priorities));
  }
  put(o, 'codes', list(e.codes));
  if (e.domain === 'condition') put(o, 'icd10', list(e.icd10));
  if (e.domain === 'observation') {
    const value = put(put({}, 'gt', numberOr(e.valueGt)), 'lt', numberOr(e.valueLt));
    if (Object.keys(value).length) o.value = value;
    if (e.unit.trim()) o.unit = e.unit.trim();
  }
  return o;
}

function criterionJson(c: CriterionForm): Record<string, unknown> {
  const o: Record<string, unknown> = { event: eventJson(c.event) };
  if (c.name.trim()) o.name = c.name.trim();
  if (c.direction) o.window = { direction: c.direction, days: numberOr(c.days) ?? 0 };
  if (!(c.occurrence === 'atLeast' && c.count.trim() === '1'))
    o.occurrence = { type: c.occurrence, count: numberOr(c.count) ?? 1 };
  return o;
}

/** The definition as the cohort language writes it. */
export function toDefinition(f: CohortForm): Record<string, unknown> {
  const def: Record<string, unknown> = { name: f.name.trim() || 'cohort' };
  if (f.description.trim()) def.description = f.description.trim();
  const entry: Record<string, unknown> = { event: eventJson(f.entry), occurrence: f.entryOccurrence };
  const range = put(put({}, 'from', f.from || undefined), 'to', f.to || undefined);
  if (Object.keys(range).length) entry.dateRange = range;
  def.entry = entry;
  const demo: Record<string, unknown> = {};
  const age = put(put({}, 'min', numberOr(f.ageMin)), 'max', numberOr(f.ageMax));
  if (Object.keys(age).length) demo.age = age;
  put(demo, 'sex', f.sex);
  if (Object.keys(demo).length) def.demographics = demo;
  def.inclusion = f.inclusion.map(criterionJson);
  def.exclusion = f.exclusion.map(criterionJson);
  return def;
}

const namesSomething = (e: EventForm) =>
  e.domain === 'encounter'
    ? e.settings.length + e.virtualKinds.length + list(e.classCodes).length + list(e.priorities).length > 0
    : list(e.codes).length + list(e.icd10).length > 0;

/**
 * Whether every event names something to match: only then does a live count ask the stations (a
 * half-typed criterion is not sent; what else is wrong the hub says, by its place in the definition).
 */
export function isComplete(f: CohortForm): boolean {
  return [f.entry, ...f.inclusion.map((c) => c.event), ...f.exclusion.map((c) => c.event)].every(
    namesSomething,
  );
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function eventForm(e: Json, sets: Record<string, { codes: string[] }>): EventForm {
  const domain = (Domains as readonly string[]).includes(str(e.domain)) ? (e.domain as Domain) : 'condition';
  const setCodes = typeof e.codeSet === 'string' ? (sets[e.codeSet]?.codes ?? []) : [];
  const codes = [...((e.codes as string[]) ?? []), ...setCodes, ...((e.atcPrefixes as string[]) ?? [])];
  const value = (e.value ?? {}) as Json;
  return {
    domain,
    codes: codes.join(', '),
    icd10: ((e.icd10 as string[]) ?? []).join(', '),
    valueGt: str(value.gt ?? value.gte),
    valueLt: str(value.lt ?? value.lte),
    unit: str(e.unit),
    settings: (e.settings as string[]) ?? [],
    virtualKinds: (e.virtualKinds as string[]) ?? [],
    classCodes: ((e.classCodes as string[]) ?? []).join(', '),
    priorities: ((e.priorities as string[]) ?? []).join(', '),
  };
}

/** Reads a definition (one saved, exported or from examples/cohorts) into the form; code sets are written out. */
export function fromDefinition(raw: unknown): CohortForm {
  const d = (raw ?? {}) as Json;
  const sets = (d.codeSets ?? {}) as Record<string, { codes: string[] }>;
  const entry = (d.entry ?? {}) as Json;
  const demo = (d.demographics ?? {}) as Json;
  const age = (demo.age ?? {}) as Json;
  const range = (entry.dateRange ?? {}) as Json;
  const crit = (c: Json): CriterionForm => {
    const w = c.window as Json | undefined;
    const o = c.occurrence as Json | undefined;
    return {
      name: str(c.name),
      event: eventForm((c.event ?? {}) as Json, sets),
      direction: (w?.direction as CriterionForm['direction']) ?? '',
      days: str(w?.days ?? 365),
      occurrence: (o?.type as CriterionForm['occurrence']) ?? 'atLeast',
      count: str(o?.count ?? 1),
    };
  };
  return {
    name: str(d.name),
    description: str(d.description),
    entry: eventForm((entry.event ?? {}) as Json, sets),
    entryOccurrence: entry.occurrence === 'all' ? 'all' : 'first',
    from: str(range.from),
    to: str(range.to),
    ageMin: str(age.min),
    ageMax: str(age.max),
    sex: (demo.sex as string[]) ?? [],
    inclusion: ((d.inclusion as Json[]) ?? []).map(crit),
    exclusion: ((d.exclusion as Json[]) ?? []).map(crit),
  };
}
