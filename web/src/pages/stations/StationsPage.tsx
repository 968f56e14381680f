import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

export default function StationsPage() {
  const { t } = useI18n();
  usePageTitle(t('stations.title'));
  return (
    <>
      <Heading level={1}>{t('stations.title')}</Heading>
      <P lead>{t('stations.lead')}</P>
      <RequireSignIn>
        <StationList />
      </RequireSignIn>
    </>
  );
}

function StationList() {
  const { t, date } = useI18n();
  const { user } = useSession();
  const stations = useQuery({
    queryKey: ['stations'],
    queryFn: () => api.listStations({ query: {} }),
    refetchInterval: 15_000,
  });
  const catalogue = useQuery({
    queryKey: ['catalogue', {}],
    queryFn: () => api.searchCatalogue({ query: {} }),
  });
  const datasetOf = new Map((catalogue.data ?? []).map((d) => [d.stationId, d.id]));
  if (stations.isPending) return <Loading />;
  const mine = (stations.data ?? []).filter((s) => s.organisationId === user?.organisationId);
  const row = (s: NonNullable<typeof stations.data>[number]) => ({
    name: datasetOf.has(s.id) ? (
      <Link
        to={`/catalogue/${encodeURIComponent(datasetOf.get(s.id)!)}`}
        aria-label={t('stations.profileOf', { name: s.name })}
      >
        {s.name}
      </Link>
    ) : (
      s.name
    ),
    org: s.organisationName,
    status: (
      <span className={`ai4h-status--${s.status}`}>
        {t(s.status === 'online' ? 'stations.online' : 'stations.offline')}
      </span>
    ),
    heartbeat: date(s.lastHeartbeatAt),
    version: <span className="ai4h-mono">{s.dataVersion ?? '–'}</span>,
    audit: s.auditFlag
      ? `${t('stations.flagged')}: ${s.auditFlag.problem}`
      : s.auditHead
        ? t('stations.auditHead', { n: s.auditHead.entries, at: date(s.auditHead.signedAt) })
        : '–',
  });
  const columns = [
    { key: 'name', label: t('run.station') },
    { key: 'org', label: t('stations.organisation') },
    { key: 'status', label: t('common.status') },
    { key: 'heartbeat', label: t('stations.heartbeat') },
    { key: 'version', label: t('run.dataVersion') },
    { key: 'audit', label: t('stations.audit') },
  ];
  // Its stewards manage a station (policy, permits waiting); reviewers and admins look on.
  const manageColumns = [...columns, { key: 'manage', label: t('stations.manage') }];
  const managed = (s: NonNullable<typeof stations.data>[number]) => ({
    ...row(s),
    manage: (
      <Link
        to={`/stations/${encodeURIComponent(s.id)}`}
        aria-label={t('stations.manageOf', { name: s.name })}
      >
        {t('stations.manage')}
      </Link>
    ),
  });
  const overseer = user?.role === 'reviewer' || user?.role === 'admin';
  return (
    <>
      <ErrorAlert error={stations.error} />
      {user?.role === 'steward' && (
        <section aria-labelledby="h-mine">
          <Heading level={2} id="h-mine">
            {t('stations.mine')}
          </Heading>
          <DataTable caption={t('stations.mine')} columns={manageColumns} rows={mine.map(managed)} />
          <Heading level={3}>{t('stations.approveTitle')}</Heading>
          <P>{t('stations.approveText')}</P>
          <pre className="ai4h-mono">
            {mine
              .map(
                (s) =>
                  `ai4h station permits --dir <${s.name}>\nai4h station approve --dir <${s.name}> --by "${user.name}" <PERMIT_ID>\n`,
              )
              .join('\n')}
          </pre>
          <P>{t('stations.approveReflected')}</P>
          <Heading level={3}>{t('stations.policyTitle')}</Heading>
          <P>{t('stations.policyText')}</P>
        </section>
      )}
      <section aria-labelledby="h-all">
        <Heading level={2} id="h-all">
          {t('stations.all')}
        </Heading>
        <DataTable
          caption={t('stations.all')}
          columns={overseer ? manageColumns : columns}
          rows={(stations.data ?? []).map(overseer ? managed : row)}
        />
      </section>
    </>
  );
}
