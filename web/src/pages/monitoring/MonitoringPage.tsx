import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

/**
 * The insurer's and region's start page: the monitors of care innovations (each against a matched
 * control group), the regional picture, hybrid care, and the public pages for patient councils.
 */
export default function MonitoringPage() {
  const { t } = useI18n();
  const { user } = useSession();
  usePageTitle(t('monitoring.title'));
  return (
    <>
      <Heading level={1}>{t('monitoring.title')}</Heading>
      <P lead>{t('monitoring.lead')}</P>
      <ul className="utrecht-unordered-list">
        <li>
          <Link to="/monitoring/region">{t('monitoring.region')}</Link>
        </li>
        <li>
          <Link to="/monitoring/hybrid">{t('monitoring.hybrid')}</Link>
        </li>
        <li>
          <Link to="/public/monitors">{t('monitoring.public')}</Link>
        </li>
      </ul>
      <Heading level={2}>{t('monitoring.innovation')}</Heading>
      {user ? <MonitorList /> : <P>{t('monitoring.signInForMonitors')}</P>}
    </>
  );
}

function MonitorList() {
  const { t, date } = useI18n();
  const { user } = useSession();
  const monitors = useQuery({ queryKey: ['monitors', user?.id], queryFn: () => api.listMonitors() });
  return (
    <>
      {user?.role === 'researcher' && (
        <P>
          <Link to="/monitoring/new">{t('monitoring.new')}</Link>
        </P>
      )}
      <ErrorAlert error={monitors.error} />
      {monitors.isPending && <Loading />}
      {monitors.data && (
        <DataTable
          caption={t('monitoring.caption')}
          columns={[
            { key: 'name', label: t('monitoring.name') },
            { key: 'owner', label: t('monitoring.owner') },
            { key: 'last', label: t('monitoring.lastRelease') },
            { key: 'created', label: t('common.created') },
          ]}
          rows={monitors.data.map((m) => {
            const last = m.history.at(-1);
            return {
              name: <Link to={`/monitoring/monitors/${m.id}`}>{m.name}</Link>,
              owner: m.owner,
              last: last
                ? `${last.month} · ${t(`run.status.${last.status}` as TextKey)}`
                : t('monitoring.noRelease'),
              created: date(m.createdAt),
            };
          })}
        />
      )}
    </>
  );
}
