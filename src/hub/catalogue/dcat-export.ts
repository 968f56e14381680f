import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import { type CatalogueDataset, SMALL_COUNT } from './catalogue-service.ts';

/** European Health Data Space regulation, Regulation (EU) 2025/327 (ELI). */
export const EHDS_ELI = 'http://data.europa.eu/eli/reg/2025/327/oj';
const ACCESS_RESTRICTED = 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED';
const THEME_BASE = 'http://publications.europa.eu/resource/authority/data-theme/';

export const DCAT_PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  foaf: 'http://xmlns.com/foaf/0.1/',
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

/**
 * The catalogue as HealthDCAT-AP (DCAT-AP 3 with the health extension) JSON-LD, with the fields Health-RI
 * requires: title, description, identifier, keyword, theme, publisher, creator, contactPoint,
 * accessRights, applicableLegislation, plus the health counts and coding systems.
 */
export function catalogueJsonLd(
  datasets: readonly CatalogueDataset[],
  baseUrl: string,
): Record<string, unknown> {
  const base = baseUrl.replace(/\/$/, '');
  const catalogId = `${base}/api/catalogue`;
  const graph: Record<string, unknown>[] = [
    {
      '@id': catalogId,
      '@type': 'dcat:Catalog',
      'dct:title': { '@value': 'AI4Health Platform catalogue', '@language': 'en' },
      'dct:description': {
        '@value': 'Health datasets held at AI4Health data stations; analysed in place under an EHDS permit.',
        '@language': 'en',
      },
      'dct:publisher': {
        '@id': `${base}/api/organisations/platform`,
        '@type': 'foaf:Agent',
        'foaf:name': 'AI4Health Platform',
      },
      dataset: datasets.map((d) => `${base}/api/catalogue/datasets/${d.id}`),
    },
  ];
  for (const d of datasets) {
    const id = `${base}/api/catalogue/datasets/${d.id}`;
    const orgIri = `${base}/api/organisations/${d.organisationId}`;
    const node: Record<string, unknown> = {
      '@id': id,
      '@type': 'dcat:Dataset',
      'dct:title': d.title,
      'dct:description': d.description,
      'dct:identifier': `${d.stationId}/${d.identifier}`,
      'dcat:keyword': d.keywords,
      theme: d.themes.map((t) => (t.includes(':') ? t : THEME_BASE + t)),
      'dct:publisher': { '@id': orgIri, '@type': 'foaf:Agent', 'foaf:name': d.publisher },
      'dct:creator': {
        '@id': `${orgIri}#creator`,
        '@type': 'foaf:Agent',
        'foaf:name': d.creator ?? d.publisher,
      },
      'dcat:contactPoint': {
        '@id': `${id}#contact`,
        '@type': 'vcard:Kind',
        'vcard:fn': d.contactPoint.name,
        'vcard:hasEmail': { '@id': `mailto:${d.contactPoint.email}` },
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
    if (d.profile.temporalCoverage) {
      node['dct:temporal'] = {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@value': d.profile.temporalCoverage.start, '@type': 'xsd:date' },
        'dcat:endDate': { '@value': d.profile.temporalCoverage.end, '@type': 'xsd:date' },
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
): Promise<string> {
  const doc = catalogueJsonLd(datasets, baseUrl);
  const nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
    format: 'application/n-quads',
  })) as unknown as string;
  const quads = new Parser({ format: 'application/n-quads' }).parse(nquads);
  const writer = new Writer({ prefixes: { ...DCAT_PREFIXES } });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
}
