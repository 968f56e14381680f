import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/api.ts';
import { CountBars } from '../../charts/charts.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

const SYSTEM_NAMES: Record<string, string> = {
  'http://snomed.info/sct': 'SNOMED CT',
  'http://loinc.org': 'LOINC',
  'http://www.whocc.no/atc': 'ATC',
  'http://hl7.org/fhir/sid/icd-10': 'ICD-10',
};
export const systemName = (s: string) => SYSTEM_NAMES[s] ?? s.split('/').at(-1) ?? s;

export default function DatasetPage() {
  const { id = '' } = useParams();
  const { t, num } = useI18n();
  const ds = useQuery({ queryKey: ['dataset', id], queryFn: () => api.getDataset({ params: { id } }) });
  usePageTitle(ds.data?.title ?? t('dataset.title'));
  if (ds.isPending) return <Loading />;
  if (ds.error || !ds.data)
    return (
      <>
        <Heading level={1}>{t('dataset.title')}</Heading>
        <ErrorAlert error={ds.error} />
      </>
    );
  const d = ds.data;
  const p = d.profile;
  const codes = (p.codes ?? []).slice(0, 15);
  const fields: [string, string][] = [
    [t('catalogue.publisher'), `${d.publisher} (${d.publisherDetails.identifier})`],
    [t('catalogue.station'), d.stationName],
    [t('dataset.contact'), `${d.contactPoint.name} <${d.contactPoint.email}>`],
    [t('dataset.keywords'), d.keywords.join(', ')],
    [t('dataset.themes'), d.themes.join(', ')],
    [t('dataset.codingSystems'), d.codingSystems.map(systemName).join(', ') || '–'],
    [
      t('dataset.coverage'),
      p.temporalCoverage ? `${p.temporalCoverage.start} – ${p.temporalCoverage.end}` : '–',
    ],
    [
      t('dataset.individuals'),
      p.numberOfUniqueIndividuals !== undefined ? num(p.numberOfUniqueIndividuals) : t('count.suppressed'),
    ],
    [t('dataset.records'), p.numberOfRecords !== undefined ? num(p.numberOfRecords) : '–'],
    [
      t('dataset.ages'),
      p.minTypicalAge !== undefined && p.maxTypicalAge !== undefined
        ? `${p.minTypicalAge} – ${p.maxTypicalAge}`
        : '–',
    ],
    [t('dataset.published'), new Date(d.publishedAt).toLocaleDateString()],
  ];
  return (
    <>
      <Heading level={1}>{d.title}</Heading>
      <P lead>{d.description}</P>
      <P>
        <Link
          to={`/requests/new?dataset=${encodeURIComponent(d.id)}&station=${encodeURIComponent(d.stationId)}`}
        >
          {t('dataset.requestAccess')}
        </Link>{' '}
        · <Link to="/cohorts">{t('dataset.buildCohort')}</Link>
      </P>
      <Heading level={2}>{t('dataset.metadata')}</Heading>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        {fields.map(([k, v]) => (
          <div key={k} className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{k}</dt>
            <dd className="utrecht-data-list__item-value">{v}</dd>
          </div>
        ))}
      </dl>
      <Heading level={2}>{t('dataset.profile')}</Heading>
      <P>{t('dataset.profileNote')}</P>
      {p.resourceCounts && (
        <CountBars
          title={t('dataset.resources')}
          labelHeader={t('dataset.resourceType')}
          items={Object.entries(p.resourceCounts).map(([label, count]) => ({ label, count }))}
          file={`resources-${d.stationName}`}
        />
      )}
      {codes.length > 0 && (
        <CountBars
          title={t('dataset.topCodes')}
          labelHeader={t('dataset.code')}
          items={codes.map((c) => ({
            label: `${systemName(c.system)} ${c.code}${c.display ? ` ${c.display}` : ''}`,
            count: c.count ?? null,
          }))}
          file={`codes-${d.stationName}`}
        />
      )}
    </>
  );
}
