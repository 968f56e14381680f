import type { AgentDetails, DatasetMetadata } from '../../api/index.ts';
import type { StationProfile } from '../profile/profile-station.ts';

const SYSTEM_IRIS: Record<string, string> = {
  'http://snomed.info/sct': 'http://snomed.info/sct',
  'http://loinc.org': 'http://loinc.org',
  'http://www.whocc.no/atc': 'http://www.whocc.no/atc',
  'http://hl7.org/fhir/sid/icd-10': 'http://hl7.org/fhir/sid/icd-10',
};

/**
 * Codes per table and code system a station lists in the catalogue (each seen at least its threshold
 * number of times), so a search finds the codes beyond the few most frequent ones.
 */
export const CATALOGUE_CODES_PER_SYSTEM = 250;
/** The most codes the hub's catalogue accepts for one dataset. */
const MAX_CATALOGUE_CODES = 5000;

const countOf = (v: number | string | undefined): number | undefined =>
  typeof v === 'number' ? v : undefined;

export interface DatasetDescription {
  identifier: string;
  title: string;
  description: string;
  /** At least one; the catalogue requires a keyword. */
  keywords: string[];
  contactPoint: { name: string; email: string };
  /** The station's organisation as the catalogue names it: identifier (KvK, URA, …), e-mail, website. */
  publisherDetails: AgentDetails;
}

/**
 * What a station publishes about its data to the hub's catalogue: a description from its steward and
 * numbers from its profile, which is already disclosure-controlled (suppressed counts are left out).
 * The profile is made with `topCodes: CATALOGUE_CODES_PER_SYSTEM` so the catalogue lists enough codes.
 */
export function datasetMetadata(describe: DatasetDescription, profile: StationProfile): DatasetMetadata {
  const bands = profile.ageSex
    .filter((c) => typeof c.count === 'number' && c.count > 0)
    .map((c) => c.ageBand);
  const lows = bands.map((b) => Number.parseInt(b, 10)).filter(Number.isFinite);
  const highs = bands.map((b) => (b.endsWith('+') ? Number.parseInt(b, 10) + 10 : Number(b.split('-')[1])));
  const resourceCounts: Record<string, number> = {};
  for (const [type, n] of Object.entries(profile.resources))
    if (typeof n === 'number') resourceCounts[type] = n;
  const records = Object.values(resourceCounts).reduce((a, b) => a + b, 0);
  const systems = [
    ...new Set(profile.topCodes.map((c) => c.system).filter((s): s is string => !!s && s in SYSTEM_IRIS)),
  ];
  const starts = profile.dateRanges
    .map((d) => d.from)
    .filter((d): d is string => !!d)
    .sort();
  const ends = profile.dateRanges
    .map((d) => d.to)
    .filter((d): d is string => !!d)
    .sort();
  const patients = countOf(profile.patients);
  return {
    ...describe,
    themes: ['HEAL'],
    codingSystems: systems,
    profile: {
      numberOfRecords: records,
      ...(patients === undefined ? {} : { numberOfUniqueIndividuals: patients }),
      ...(lows.length ? { minTypicalAge: Math.min(...lows), maxTypicalAge: Math.max(...highs) } : {}),
      ...(starts.length && ends.length ? { temporalCoverage: { start: starts[0]!, end: ends.at(-1)! } } : {}),
      resourceCounts,
      codes: profile.topCodes
        .filter((c) => c.system)
        .slice(0, MAX_CATALOGUE_CODES)
        .map((c) => ({ system: c.system!, code: c.code, count: c.count })),
    },
  };
}
