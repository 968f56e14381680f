import type { Lang } from '../../i18n/i18n.tsx';

type Bilingual = { nl: string; en: string };

/**
 * The words for the values of the governance records (roles, autonomy, classes, questionnaire answers,
 * domains, evidence levels), in both languages; a value without words here is shown as it is.
 */
const LABELS: Record<string, Bilingual> = {
  // organisation roles and autonomy
  provider: { nl: 'aanbieder', en: 'provider' },
  deployer: { nl: 'gebruiksverantwoordelijke', en: 'deployer' },
  'provider-and-deployer': { nl: 'aanbieder en gebruiksverantwoordelijke', en: 'provider and deployer' },
  'information-only': { nl: 'geeft alleen informatie', en: 'information only' },
  recommends: { nl: 'doet een aanbeveling', en: 'recommends' },
  'decides-with-human-review': { nl: 'beslist, een mens controleert', en: 'decides with human review' },
  'decides-autonomously': { nl: 'beslist zelfstandig', en: 'decides autonomously' },
  // AI Act classes
  'out-of-scope': { nl: 'buiten de AI-verordening', en: 'outside the AI Act' },
  prohibited: { nl: 'verboden', en: 'prohibited' },
  'high-risk': { nl: 'hoog risico', en: 'high risk' },
  'limited-risk': { nl: 'beperkt risico (transparantieplichten)', en: 'limited risk (transparency duties)' },
  'minimal-risk': { nl: 'minimaal risico', en: 'minimal risk' },
  // answers
  yes: { nl: 'ja', en: 'yes' },
  no: { nl: 'nee', en: 'no' },
  none: { nl: 'geen van deze', en: 'none of these' },
  'subliminal-manipulation': { nl: 'subliminale manipulatie', en: 'subliminal manipulation' },
  'exploits-vulnerabilities': { nl: 'misbruik van kwetsbaarheden', en: 'exploits vulnerabilities' },
  'social-scoring': { nl: 'sociale scoring', en: 'social scoring' },
  'crime-prediction-profiling': {
    nl: 'voorspellen van strafbare feiten op basis van profilering',
    en: 'predicting crime from profiling',
  },
  'facial-image-scraping': {
    nl: 'ongericht verzamelen van gezichtsbeelden',
    en: 'untargeted facial image scraping',
  },
  'emotion-recognition-work-education': {
    nl: 'emotieherkenning op het werk of in het onderwijs',
    en: 'emotion recognition at work or in education',
  },
  'biometric-categorisation-sensitive': {
    nl: 'biometrische categorisering naar gevoelige kenmerken',
    en: 'biometric categorisation by sensitive traits',
  },
  'realtime-remote-biometric-identification': {
    nl: 'realtime biometrische identificatie op afstand',
    en: 'real-time remote biometric identification',
  },
  biometrics: { nl: 'biometrie', en: 'biometrics' },
  'critical-infrastructure': { nl: 'kritieke infrastructuur', en: 'critical infrastructure' },
  education: { nl: 'onderwijs', en: 'education' },
  employment: { nl: 'werk en personeelsbeheer', en: 'employment' },
  'public-benefits-eligibility': {
    nl: 'toegang tot publieke voorzieningen (ook zorg)',
    en: 'eligibility for public benefits (including healthcare)',
  },
  creditworthiness: { nl: 'kredietwaardigheid', en: 'creditworthiness' },
  'life-health-insurance': { nl: 'levens- en ziektekostenverzekering', en: 'life and health insurance' },
  'emergency-triage': {
    nl: 'triage van noodoproepen en spoedeisende zorg',
    en: 'emergency call and patient triage',
  },
  'law-enforcement': { nl: 'rechtshandhaving', en: 'law enforcement' },
  migration: { nl: 'migratie en grenstoezicht', en: 'migration and border control' },
  'justice-democracy': { nl: 'rechtspraak en democratie', en: 'justice and democracy' },
  'narrow-procedural-task': { nl: 'een beperkte procedurele taak', en: 'a narrow procedural task' },
  'improves-human-activity': {
    nl: 'verbetert het resultaat van een afgeronde menselijke activiteit',
    en: 'improves the result of a completed human activity',
  },
  'detects-patterns': {
    nl: 'spoort patronen of afwijkingen op zonder menselijke beoordeling te vervangen',
    en: 'detects patterns or deviations without replacing human assessment',
  },
  'preparatory-task': { nl: 'een voorbereidende taak', en: 'a preparatory task' },
  'death-or-irreversible': {
    nl: 'kan leiden tot overlijden of onomkeerbare achteruitgang',
    en: 'may cause death or an irreversible deterioration',
  },
  'serious-deterioration-or-surgery': {
    nl: 'kan leiden tot ernstige achteruitgang of een chirurgische ingreep',
    en: 'may cause a serious deterioration or a surgical intervention',
  },
  other: { nl: 'andere gevolgen', en: 'other consequences' },
  // care domains, kinds of initiatives, evidence
  'hospital-care': { nl: 'ziekenhuiszorg', en: 'hospital care' },
  'primary-care': { nl: 'huisartsenzorg', en: 'primary care' },
  'elderly-care': { nl: 'ouderenzorg', en: 'elderly care' },
  'mental-health': { nl: 'ggz', en: 'mental health' },
  'prevention-public-health': { nl: 'preventie en publieke gezondheid', en: 'prevention and public health' },
  'cross-domain': { nl: 'domeinoverstijgend', en: 'cross-domain' },
  project: { nl: 'project', en: 'project' },
  lab: { nl: 'lab', en: 'lab' },
  platform: { nl: 'platform', en: 'platform' },
  'use-case': { nl: 'use case', en: 'use case' },
  national: { nl: 'landelijk', en: 'national' },
  'internal-validation': { nl: 'interne validatie', en: 'internal validation' },
  'external-validation': { nl: 'externe validatie', en: 'external validation' },
  'prospective-study': { nl: 'prospectieve studie', en: 'prospective study' },
  'randomised-trial': { nl: 'gerandomiseerde studie', en: 'randomised trial' },
  // document item statuses
  filled: { nl: 'ingevuld uit bewijs', en: 'filled from evidence' },
  partial: { nl: 'deels ingevuld', en: 'partly filled' },
  'to-complete': { nl: 'in te vullen door de aanbieder', en: 'to be completed by the provider' },
};

/** The words for a value in the page's language (the value itself when it has none). */
export function label(value: string | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return LABELS[value]?.[lang] ?? value;
}

/** Options of a select for the given values. */
export const optionsOf = (values: readonly string[], lang: Lang) =>
  values.map((value) => ({ value, label: label(value, lang) }));

/** Codes typed as a comma- or space-separated list. */
export const splitList = (s: string) =>
  s
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
