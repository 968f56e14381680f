import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { purposeLabel } from './purposes.ts';

export default function RequestsPage() {
  const { t } = useI18n();
  usePageTitle(t('nav.requests'));
  return (
    <>
      <Heading level={1}>{t('nav.requests')}</Heading>
      <RequireSignIn>
        <RequestList />
      </RequireSignIn>
    </>
  );
}

function RequestList() {
  const { t, date, lang } = useI18n();
  const { user } = useSession();
  const list = useQuery({ queryKey: ['requests', user?.id], queryFn: () => api.listRequests({ query: {} }) });
  return (
    <>
      {user?.role === 'researcher' && (
        <P>
          <Link to="/requests/new">{t('requests.new')}</Link>
        </P>
      )}
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data && (
        <DataTable
          caption={t('requests.caption')}
          columns={[
            { key: 'title', label: t('request.title') },
            { key: 'purpose', label: t('request.purpose') },
            { key: 'status', label: t('common.status') },
            { key: 'note', label: t('review.note') },
            { key: 'created', label: t('common.created') },
            { key: 'permit', label: t('nav.permits') },
          ]}
          rows={list.data.map((r) => ({
            title: r.title,
            purpose: purposeLabel(r.purpose, lang),
            status: t(`request.status.${r.status}` as TextKey),
            note: r.decisionNote ?? '',
            created: date(r.createdAt),
            permit: r.permitId ? <span className="ai4h-mono">{r.permitId.slice(0, 8)}</span> : '–',
          }))}
        />
      )}
    </>
  );
}
