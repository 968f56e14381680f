import { shippedVersion } from '../../../../src/analytics/shipped-versions.ts';
import type { Lang } from '../../i18n/i18n.tsx';

/** EHDS purposes of secondary use (Article 53(1)), as the hub names them, in both languages. */
export const PURPOSES: Record<string, { nl: string; en: string }> = {
  'public-health': { nl: 'Volksgezondheid en arbeidsgezondheid', en: 'Public and occupational health' },
  policy: { nl: 'Beleid en regelgeving', en: 'Policy making and regulation' },
  statistics: { nl: 'Officiële statistiek', en: 'Official statistics' },
  education: { nl: 'Onderwijs in gezondheid of zorg', en: 'Education in health or care' },
  research: { nl: 'Wetenschappelijk onderzoek', en: 'Scientific research' },
  innovation: { nl: 'Ontwikkeling en innovatie van producten of diensten', en: 'Development and innovation' },
  'ai-training': {
    nl: 'Trainen, testen en evalueren van algoritmen en AI',
    en: 'Training, testing and evaluating algorithms and AI',
  },
  'personalised-care': { nl: 'Gepersonaliseerde zorg', en: 'Personalised care' },
};

export const purposeLabel = (p: string, lang: Lang) => PURPOSES[p]?.[lang] ?? p;

/** The version of a shipped algorithm (one table for the web app, the demo and the tests). */
export const algorithmVersion = shippedVersion;

/** The algorithms this platform ships, with what each does. */
export const ALGORITHMS = [
  'cohort-feasibility',
  'cohort-characterisation',
  'descriptive',
  'glm',
  'validation',
  'representativeness',
] as const;
