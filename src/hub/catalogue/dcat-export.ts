import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import type { AgentDetails, CatalogueDataset } from '../../api/catalogue-schemas.ts';
import { SMALL_COUNT } from './catalogue-service.ts';

/** European Health Data Space regulation, Regulation (EU) 2025/327 (ELI). */
export const EHDS_ELI = 'http://data.europa.eu/eli/reg/2025/327/oj';
const ACCESS_RESTRICTED = 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED';
const THEME_BASE = 'http://publications.europa.eu/resource/authority/data-theme/';
/** INSPIRE responsible-party role: the party that keeps the data and answers for it. */
export const CUSTODIAN = 'http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/custodian';

export const DCAT_PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  prov: 'http://www.w3.org/ns/prov#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const context = {
  ...DCAT_PREFIXES,
  numberOfRecords: { '@id': 'healthdcatap:numberOfRecords', '@type': 'xsd:nonNegativeInteger' },
  numberOfUniqueIndividuals: {
    '@id': 'healthdcatap:numberOfUniqueIndividuals',
    '@type': 'xsd:nonNegativeInteger',
  },
  minTypicalAge: { '@id': 'healthdcatap:minTypicalAge', '@type': 'xsd:nonNegativeInteger' },
  maxTypicalAge: { '@id': 'healthdcatap:maxTypicalAge', '@type': 'xsd:nonNegativeInteger' },
  hasCodingSystem: { '@id': 'healthdcatap:hasCodingSystem', '@type': '@id' },
  applicableLegislation: { '@id': 'dcatap:applicableLegislation', '@type': '@id' },
  accessRights: { '@id': 'dct:accessRights', '@type': '@id' },
  theme: { '@id': 'dcat:theme', '@type': '@id' },
  dataset: { '@id': 'dcat:dataset', '@type': '@id' },
};

/**
 * A count for the catalogue: counts below {@link SMALL_COUNT} are **omitted** (not given as a bound), so
 * a small population cannot be read from the metadata.
 */
function safeCount(n: number | undefined): number | undefined {
  return n !== undefined && n >= SMALL_COUNT ? n : undefined;
}

/** The catalogue itself: its title, description, publisher (the platform operator) and contact point. */
export interface CatalogueInfo {
  title: string;
  description: string;
  publisher: AgentDetails & { name: string };
  contactPoint: { name: string; email: string };
}

/**
 * What the catalogue says about itself: the platform as publisher, its website and identifier being the
 * hub's public address, reachable at `email` (`createHubApp({ catalogueEmail })`, `ai4h hub serve
 * --catalogue-email`; the demo address by default).
 */
export function defaultCatalogueInfo(baseUrl: string, email = 'catalogus@ai4health.example'): CatalogueInfo {
  const base = baseUrl.replace(/\/$/, '');
  return {
    title: 'AI4Health Platform catalogue',
    description: 'Health datasets held at AI4Health data stations; analysed in place under an EHDS permit.',
    publisher: { name: 'AI4Health Platform', identifier: `${base}/`, email, homepage: `${base}/` },
    contactPoint: { name: 'AI4Health catalogue desk', email },
  };
}

/** A `foaf:Agent` with what Health-RI requires of one: name, identifier, e-mail and website. */
function agent(iri: string, name: string, details: AgentDetails): Record<string, unknown> {
  return {
    '@id': iri,
    '@type': 'foaf:Agent',
    'foaf:name': name,
    'dct:identifier': details.identifier,
    'foaf:mbox': { '@id': `mailto:${details.email}` },
    'foaf:homepage': { '@id': details.homepage },
  };
}

function contact(iri: string, c: { name: string; email: string }): Record<string, unknown> {
  return {
    '@id': iri,
    '@type': 'vcard:Kind',
    'vcard:fn': c.name,
    'vcard:hasEmail': { '@id': `mailto:${c.email}` },
  };
}

/**
 * A coverage bound as the `xsd:dateTime` Health-RI asks for: a date-time with a zone as it is; a date,
 * month or year as its first (`start`) or last (`end`) moment in UTC. Undefined when it is none of these.
 */
export function coverageDateTime(value: string, bound: 'start' | 'end'): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? (bound === 'start' ? 1 : 12) : Number(m[2]);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] === undefined ? (bound === 'start' ? 1 : lastDay) : Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > lastDay) return undefined;
  const date = `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return bound === 'start' ? `${date}T00:00:00Z` : `${date}T23:59:59Z`;
}

/**
 * The catalogue as HealthDCAT-AP (DCAT-AP 3 with the health extension) JSON-LD, valid against Health-RI's
 * SHACL shapes (tested): title, description, identifier (`<stationId>/<identifier>`), keyword, theme,
 * publisher and creator (agents with name, identifier, e-mail and website), the station that vouches
 * for it (`prov:qualifiedAttribution` with role custodian), contactPoint, accessRights, applicableLegislation, issued,
 * plus the health counts, typical ages, temporal coverage and coding systems.
 */
export function catalogueJsonLd(
  datasets: readonly CatalogueDataset[],
  baseUrl: string,
  info: CatalogueInfo = defaultCatalogueInfo(baseUrl),
): Record<string, unknown> {
  const base = baseUrl.replace(/\/$/, '');
  const catalogId = `${base}/api/catalogue`;
  const graph: Record<string, unknown>[] = [
    {
      '@id': catalogId,
      '@type': 'dcat:Catalog',
      'dct:title': { '@value': info.title, '@language': 'en' },
      'dct:description': { '@value': info.description, '@language': 'en' },
      'dct:publisher': agent(`${base}/api/organisations/platform`, info.publisher.name, info.publisher),
      'dcat:contactPoint': contact(`${catalogId}#contact`, info.contactPoint),
      dataset: datasets.map((d) => `${base}/api/catalogue/datasets/${d.id}`),
    },
  ];
  for (const d of datasets) {
    const id = `${base}/api/catalogue/datasets/${d.id}`;
    // Agents are described per dataset: two stations of one organisation may publish different details.
    const publisher = agent(`${id}#publisher`, d.publisher, d.publisherDetails);
    const node: Record<string, unknown> = {
      '@id': id,
      '@type': 'dcat:Dataset',
      'dct:title': d.title,
      'dct:description': d.description,
      'dct:identifier': d.qualifiedIdentifier,
      'dcat:keyword': d.keywords,
      theme: d.themes.map((t) => (t.includes(':') ? t : THEME_BASE + t)),
      'dct:publisher': publisher,
      'dct:creator': d.creator
        ? agent(`${id}#creator`, d.creator.name, d.creator)
        : { '@id': `${id}#publisher` },
      'dcat:contactPoint': contact(`${id}#contact`, d.contactPoint),
      // The station that published the entry vouches for it: the data's custodian.
      'prov:qualifiedAttribution': {
        '@id': `${id}#vouched-by`,
        '@type': 'prov:Attribution',
        'prov:agent': agent(`${id}#station`, d.vouchedBy.stationName, {
          identifier: d.vouchedBy.stationId,
          email: d.contactPoint.email,
          homepage: d.publisherDetails.homepage,
        }),
        'dcat:hadRole': { '@id': CUSTODIAN },
      },
      accessRights: ACCESS_RESTRICTED,
      applicableLegislation: EHDS_ELI,
      'dct:issued': { '@value': d.publishedAt, '@type': 'xsd:dateTime' },
      hasCodingSystem: d.codingSystems,
    };
    const records = safeCount(d.profile.numberOfRecords);
    const individuals = safeCount(d.profile.numberOfUniqueIndividuals);
    if (records !== undefined) node.numberOfRecords = records;
    if (individuals !== undefined) node.numberOfUniqueIndividuals = individuals;
    if (d.profile.minTypicalAge !== undefined) node.minTypicalAge = d.profile.minTypicalAge;
    if (d.profile.maxTypicalAge !== undefined) node.maxTypicalAge = d.profile.maxTypicalAge;
    const coverage = d.profile.temporalCoverage;
    const start = coverage && coverageDateTime(coverage.start, 'start');
    const end = coverage && coverageDateTime(coverage.end, 'end');
    if (start && end) {
      node['dct:temporal'] = {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@value': start, '@type': 'xsd:dateTime' },
        'dcat:endDate': { '@value': end, '@type': 'xsd:dateTime' },
      };
    }
    graph.push(node);
  }
  return { '@context': context, '@graph': graph };
}

/** The same graph as Turtle (JSON-LD → RDF with jsonld, written with n3's prefixes). */
export async function catalogueTurtle(
  datasets: readonly CatalogueDataset[],
  baseUrl: string,
  info: CatalogueInfo = defaultCatalogueInfo(baseUrl),
): Promise<string> {
  const doc = catalogueJsonLd(datasets, baseUrl, info);
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
  })) as unknown as string;
  const quads = new Parser({ format: 'application/n-quads' }).parse(nquads);
  const writer = new Writer({ prefixes: { ...DCAT_PREFIXES } });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
}
