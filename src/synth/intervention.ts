import type { ConditionKey } from './conditions.ts';

/**
 * The planted care innovation: a neighbourhood clinic (wijkkliniek) in one municipality that, from its
 * start date, lowers the emergency department (ED) visit rate of frail patients aged 75+ living there by
 * a known rate ratio. ED visits of everyone are drawn month by month from a Poisson process whose rate
 * is given by {@link edMonthlyRate}.
 */
export const INTERVENTION_RATE_RATIO = 0.7;
/** Expected neighbourhood-clinic visits per month for an eligible patient after the start. */
export const CLINIC_VISITS_PER_MONTH = 0.5;

/** Baseline ED visits per month by age (whole years by the birth-month rule), before the condition factor. */
export const ED_BASE_RATES: readonly { fromAge: number; perMonth: number }[] = [
  { fromAge: 0, perMonth: 0.006 },
  { fromAge: 18, perMonth: 0.005 },
  { fromAge: 65, perMonth: 0.009 },
  { fromAge: 75, perMonth: 0.016 },
];
/** Each of the ten planted conditions with onset before the month multiplies the rate by (1 + 0.3·k). */
export const ED_CONDITION_FACTOR = 0.3;

export const ED_RATE_DEFINITION =
  'ED visits in a calendar month ~ Poisson(lambda * f), lambda = base(age) * (1 + 0.3 * k); age in whole years = floor(m / 12), m = calendar months from the birth month to the month; base = 0.006 (age < 18), 0.005 (18-64), 0.009 (65-74), 0.016 (75+); k = number of the ten planted conditions with onset_date before the first day of the month; f = share of the month the patient is alive; for intervention-eligible patients, lambda is multiplied by the rate ratio for months starting on or after the intervention start.';

export const FRAIL_CONDITIONS: readonly ConditionKey[] = ['dementia', 'heartFailure'];

export const ELIGIBILITY_DEFINITION =
  'living in the intervention municipality (patient.municipality) and aged 75+ at the intervention start (calendar months from the birth month to the start month >= 900) and frail at the intervention start: at least 2 of the ten planted conditions, or dementia (SNOMED CT 52448006) or heart failure (84114007), with onset_date < start; alive at the start';

export function edMonthlyRate(ageYears: number, conditionsBefore: number): number {
  let base = ED_BASE_RATES[0]?.perMonth ?? 0;
  for (const r of ED_BASE_RATES) if (ageYears >= r.fromAge) base = r.perMonth;
  return base * (1 + ED_CONDITION_FACTOR * conditionsBefore);
}

/** Frail by the rule above, given which conditions had started before the intervention start. */
export function isFrail(conditionsBefore: readonly ConditionKey[]): boolean {
  return conditionsBefore.length >= 2 || conditionsBefore.some((c) => FRAIL_CONDITIONS.includes(c));
}
