/**
 * The outcome indicators of a monitor, each counted per patient-month. `kind` says how the difference
 * in differences treats it: `count` (events per person-month, Poisson), `sum` (a value per person-month,
 * e.g. euro) or `per-event` (a value per event, e.g. days per admission). Definitions are written out in
 * README.md; the SQL is in indicator-sql.ts.
 */
export const Indicators = {
  'ed-visits': {
    kind: 'count',
    unit: 'visits',
    en: 'Emergency department (SEH) visits',
    nl: 'Bezoeken aan de spoedeisende hulp (SEH)',
    definition: "encounters with class_code 'EMER', counted in the month of start_time",
  },
  'unplanned-admissions': {
    kind: 'count',
    unit: 'admissions',
    en: 'Unplanned hospital admissions',
    nl: 'Ongeplande ziekenhuisopnames',
    definition: "encounters with class_code 'IMP' and priority 'EM', counted in the month of start_time",
  },
  'readmission-30d': {
    kind: 'count',
    unit: 'readmissions',
    en: 'Readmissions within 30 days of discharge',
    nl: 'Heropnames binnen 30 dagen na ontslag',
    definition:
      "unplanned admissions (class_code 'IMP', priority 'EM') starting within 30 days after the end_time of another admission (class_code 'IMP') of the same patient, counted in the month of the readmission's start_time",
  },
  'length-of-stay': {
    kind: 'per-event',
    unit: 'days',
    en: 'Length of stay (days per admission)',
    nl: 'Opnameduur (dagen per opname)',
    definition:
      "admissions (class_code 'IMP') with an end_time: days from the date of start_time to the date of end_time, counted in the month of start_time; the rate is days / admissions",
  },
  cost: {
    kind: 'sum',
    unit: 'euro',
    en: 'Cost of care (euro)',
    nl: 'Zorgkosten (euro)',
    definition: 'cost.total of the claims, counted in the month of billable_start',
  },
  'gp-virtual-contacts': {
    kind: 'count',
    unit: 'contacts',
    en: 'GP and virtual contacts',
    nl: 'Contacten met de huisarts en digitale contacten',
    definition: "encounters with setting 'gp' or 'virtual', counted in the month of start_time",
  },
} as const;

export const IndicatorKeys = Object.keys(Indicators) as [IndicatorKey, ...IndicatorKey[]];
export type IndicatorKey = keyof typeof Indicators;
export type IndicatorKind = (typeof Indicators)[IndicatorKey]['kind'];
