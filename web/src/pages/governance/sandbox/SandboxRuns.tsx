import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { texts, useI18n } from '../../../i18n/i18n.tsx';
import type { TextKey } from '../../../i18n/nl.ts';
import { DataTable, ErrorAlert, P } from '../../../ui/ui.tsx';

/**
 * The dry runs on synthetic twins of the stations (regulatory sandbox) attached to an access request:
 * what the reviewer sees before deciding. Everything here is synthetic; no real station took part.
 */
export function SandboxRuns({ requestId }: { requestId: string }) {
  const { t, date, num } = useI18n();
  const { user } = useSession();
  const runs = useQuery({
    queryKey: ['sandbox-runs', requestId, user?.id],
    queryFn: () => api.listSandboxRuns({ query: { requestId } }),
  });
  if (runs.isPending) return null;
  return (
    <div className="ai4h-sandbox">
      <ErrorAlert error={runs.error} />
      {runs.data?.length === 0 && <P>{t('gov.sandbox.none')}</P>}
      {runs.data?.map((r) => (
        <div key={r.id}>
          <P>
            <strong>{r.run.outcome === 'passed' ? t('gov.sandbox.passed') : t('gov.sandbox.failed')}</strong>{' '}
            · {t('gov.sandbox.synthetic')} · {r.run.algorithm.name} {r.run.algorithm.version} ·{' '}
            {date(r.submittedAt)}
            {r.run.stage
              ? ` · ${t('gov.sandbox.stage', { stage: t(`gov.sandbox.stage.${r.run.stage}`) })}`
              : ''}
            {r.run.message ? ` · ${r.run.message}` : ''}
          </P>
          <DataTable
            caption={t('gov.sandbox.twins')}
            columns={[
              { key: 'name', label: t('gov.sandbox.twin') },
              { key: 'patients', label: t('gov.sandbox.patients'), numeric: true },
              { key: 'status', label: t('common.status') },
              { key: 'reason', label: t('gov.sandbox.reason') },
            ]}
            rows={r.run.stations.map((s) => ({
              name: s.name,
              patients: num(s.patients),
              status: `task.${s.status}` in texts.nl ? t(`task.${s.status}` as TextKey) : s.status,
              reason: s.reason ?? '–',
            }))}
          />
        </div>
      ))}
    </div>
  );
}
