import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

/** Every monitor as the public sees it: for patient councils and anyone, signed in or not. */
export default function PublicMonitorsPage() {
  const { t } = useI18n();
  usePageTitle(t('public.listTitle'));
  const monitors = useQuery({ queryKey: ['public-monitors'], queryFn: () => api.publicMonitors() });
  return (
    <>
      <Heading level={1}>{t('public.listTitle')}</Heading>
      <P lead>{t('public.listLead')}</P>
      <ErrorAlert error={monitors.error} />
      {monitors.isPending && <Loading />}
      {monitors.data && (
        <DataTable
          caption={t('public.listCaption')}
          columns={[
            { key: 'name', label: t('public.innovation') },
            { key: 'owner', label: t('public.owner') },
            { key: 'through', label: t('public.through') },
          ]}
          rows={monitors.data.map((m) => ({
            name: <Link to={`/public/monitors/${m.id}`}>{m.name}</Link>,
            owner: m.owner,
            through: m.latest?.month ?? t('public.noResultYet'),
          }))}
        />
      )}
    </>
  );
}
