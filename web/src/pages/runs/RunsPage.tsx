import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

export default function RunsPage() {
  const { t } = useI18n();
  usePageTitle(t('nav.runs'));
  return (
    <>
      <Heading level={1}>{t('nav.runs')}</Heading>
      <RequireSignIn>
        <RunList />
      </RequireSignIn>
    </>
  );
}

function RunList() {
  const { t, date } = useI18n();
  const { user } = useSession();
  const runs = useQuery({
    queryKey: ['runs', user?.id],
    queryFn: () => api.listRuns({ query: {} }),
    refetchInterval: 5000,
  });
  return (
    <>
      {user?.role === 'researcher' && (
        <P>
          <Link to="/runs/new">{t('runs.launch')}</Link>
        </P>
      )}
      <ErrorAlert error={runs.error} />
      {runs.isPending && <Loading />}
      {runs.data && (
        <DataTable
          caption={t('runs.caption')}
          columns={[
            { key: 'id', label: t('runs.run') },
            { key: 'algorithm', label: t('runs.algorithm') },
            { key: 'status', label: t('common.status') },
            { key: 'stations', label: t('runs.answered') },
            { key: 'created', label: t('common.created') },
          ]}
          rows={runs.data.map((r) => ({
            id: <Link to={`/runs/${r.id}`}>{t('runs.open', { id: r.id.slice(0, 8) })}</Link>,
            algorithm: `${r.algorithm.name} ${r.algorithm.version}`,
            status: (
              <span className={`ai4h-status--${r.status}`}>{t(`run.status.${r.status}` as TextKey)}</span>
            ),
            stations: `${r.provenance.answered.length} / ${r.rounds[0]?.stations.length ?? 0}`,
            created: date(r.createdAt),
          }))}
        />
      )}
    </>
  );
}
