import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { PublicRegister } from '../governance/register/PublicRegister.tsx';
import { purposeLabel } from '../requests/purposes.ts';

export default function TransparencyPage() {
  const { t, date, lang } = useI18n();
  usePageTitle(t('transparency.title'));
  const reg = useQuery({ queryKey: ['transparency'], queryFn: () => api.transparency() });
  return (
    <>
      <Heading level={1}>{t('transparency.title')}</Heading>
      <P lead>{t('transparency.lead')}</P>
      <ErrorAlert error={reg.error} />
      {reg.isPending && <Loading />}
      {reg.data && (
        <DataTable
          caption={t('transparency.caption')}
          columns={[
            { key: 'title', label: t('transparency.project') },
            { key: 'holder', label: t('transparency.holder') },
            { key: 'purpose', label: t('transparency.purpose') },
            { key: 'stations', label: t('transparency.stations') },
            { key: 'period', label: t('transparency.period') },
            { key: 'status', label: t('common.status') },
            { key: 'runs', label: t('transparency.runs'), numeric: true },
          ]}
          rows={reg.data.map((e) => ({
            title: e.title,
            holder: e.holderOrganisation,
            purpose: purposeLabel(e.purpose, lang),
            stations: e.stations.map((s) => `${s.name} (${s.organisation})`).join(', '),
            period: `${date(e.issuedAt)} – ${date(e.expiresAt)}`,
            status: t(`permit.${e.status}`),
            runs: `${e.runs.length} (${e.runs.map((r) => r.algorithm.name).join(', ') || '–'})`,
          }))}
        />
      )}
      <PublicRegister />
    </>
  );
}
