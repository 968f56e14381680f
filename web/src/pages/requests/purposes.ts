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

/** The version of each algorithm this platform ships where it is not 1.0.0 (stations accept name, version and hash). */
const VERSIONS: Readonly<Record<string, string>> = {
  descriptive: '1.2.0',
  glm: '1.4.0',
  validation: '2.3.0',
  'regional-picture': '1.2.0',
  'outcome-monitor': '1.1.0',
  'hybrid-care': '1.1.0',
  representativeness: '1.1.0',
};

/** The version of a shipped algorithm. */
export const algorithmVersion = (name: string): string => VERSIONS[name] ?? '1.0.0';

/** The algorithms this platform ships, with what each does. */
export const ALGORITHMS = [
  'cohort-feasibility',
  'cohort-characterisation',
  'descriptive',
  'glm',
  'validation',
  'representativeness',
] as const;
