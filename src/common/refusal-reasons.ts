/**
 * Why a task is refused: by a station (its gate, its disclosure control, its budgets) or by the hub on
 * a station's behalf (a revoked permit's tasks). A closed set: it travels in task results, in run
 * views and in error bodies, and every face shows it in the reader's language.
 */
export const RefusalReasons = [
  'bad-signature',
  'permit-expired',
  'permit-revoked',
  'permit-not-approved',
  'purpose-not-accepted',
  'algorithm-not-accepted',
  'algorithm-not-in-permit',
  'station-not-in-permit',
  'task-expired',
  'budget-exhausted',
  'disclosure-risk',
  'invalid-input',
] as const;
export type RefusalReason = (typeof RefusalReasons)[number];

/** What a refusal means, in Dutch and English, for the web UI, the command line and the demo. */
export const RefusalReasonTexts: Record<RefusalReason, { nl: string; en: string }> = {
  'bad-signature': {
    nl: 'De taak is niet geldig ondertekend door de hub.',
    en: 'The task is not validly signed by the hub.',
  },
  'permit-expired': {
    nl: 'De vergunning is verlopen of nog niet geldig.',
    en: 'The permit has expired or is not valid yet.',
  },
  'permit-revoked': { nl: 'De vergunning is ingetrokken.', en: 'The permit has been revoked.' },
  'permit-not-approved': {
    nl: 'Het station heeft de vergunning (nog) niet goedgekeurd.',
    en: 'The station has not approved the permit (yet).',
  },
  'purpose-not-accepted': {
    nl: 'Het station werkt niet mee aan dit doel.',
    en: 'The station does not serve this purpose.',
  },
  'algorithm-not-accepted': {
    nl: 'Het station accepteert dit algoritme (deze versie of deze build) niet.',
    en: 'The station does not accept this algorithm (this version or this build).',
  },
  'algorithm-not-in-permit': {
    nl: 'Het algoritme staat niet in de vergunning.',
    en: 'The algorithm is not in the permit.',
  },
  'station-not-in-permit': {
    nl: 'De vergunning noemt dit station niet.',
    en: 'The permit does not name this station.',
  },
  'task-expired': {
    nl: 'De taak verliep voordat het station haar kon uitvoeren.',
    en: 'The task expired before the station could run it.',
  },
  'budget-exhausted': {
    nl: 'Het query- of privacybudget van de vergunning is op.',
    en: "The permit's query or privacy budget is used up.",
  },
  'disclosure-risk': {
    nl: 'Het antwoord zou personen herkenbaar kunnen maken; het station geeft het niet vrij.',
    en: 'The answer could identify people; the station does not release it.',
  },
  'invalid-input': {
    nl: 'De invoer van de analyse is ongeldig voor dit station.',
    en: 'The input of the analysis is not valid at this station.',
  },
};

/** True for a string that names a refusal reason (a result from an older or a foreign station may not). */
export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && (RefusalReasons as readonly string[]).includes(value);
}
