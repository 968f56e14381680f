import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { PermitRecord } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { Alert, Button, ErrorAlert, Heading, Loading, P, TextArea } from '../../ui/ui.tsx';
import { purposeLabel } from '../requests/purposes.ts';

export default function PermitsPage() {
  const { t } = useI18n();
  usePageTitle(t('nav.permits'));
  return (
    <>
      <Heading level={1}>{t('nav.permits')}</Heading>
      <P lead>{t('permits.lead')}</P>
      <RequireSignIn>
        <PermitList />
      </RequireSignIn>
    </>
  );
}

function PermitList() {
  const { user } = useSession();
  const { t } = useI18n();
  const permits = useQuery({ queryKey: ['permits', user?.id], queryFn: () => api.listPermits() });
  const runs = useQuery({ queryKey: ['runs', user?.id], queryFn: () => api.listRuns({ query: {} }) });
  if (permits.isPending) return <Loading />;
  return (
    <>
      <ErrorAlert error={permits.error} />
      {permits.data?.length === 0 && <P>{t('common.none')}</P>}
      {permits.data?.map((p) => {
        // Tasks issued under the permit per station: what the stations count against its budget.
        const used = new Map<string, number>();
        for (const r of runs.data ?? [])
          if (r.permitId === p.permit.id)
            for (const round of r.rounds)
              for (const s of round.stations) used.set(s.stationName, (used.get(s.stationName) ?? 0) + 1);
        return <PermitCard key={p.permit.id} record={p} used={used} />;
      })}
    </>
  );
}

function PermitCard({ record: p, used }: { record: PermitRecord; used: Map<string, number> }) {
  const { t, lang, date } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const revoke = useMutation({
    mutationFn: () => api.revokePermit({ params: { id: p.permit.id }, body: { reason: reason.trim() } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['permits'] }),
  });
  return (
    <article className="ai4h-card" aria-labelledby={`permit-${p.permit.id}`}>
      <Heading level={2} id={`permit-${p.permit.id}`}>
        {p.permit.title}
      </Heading>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        {[
          [t('permits.id'), p.permit.id],
          [t('common.status'), t(`permit.${p.status}` as TextKey)],
          [t('request.purpose'), purposeLabel(p.permit.purpose, lang)],
          [t('request.algorithms'), p.permit.algorithms.map((a) => `${a.name} ${a.version}`).join(', ')],
          [t('permits.valid'), `${date(p.permit.issuedAt)} – ${date(p.permit.expiresAt)}`],
          [
            t('permits.budget'),
            `${p.permit.queryBudget} ${t('permits.perStation')}; ${t('permits.used')}: ${
              [...used.entries()].map(([s, n]) => `${s} ${n}`).join(', ') || '0'
            }`,
          ],
          ...(p.revokeReason ? [[t('permits.revokeReason'), p.revokeReason]] : []),
        ].map(([k, v]) => (
          <div key={k} className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{k}</dt>
            <dd className="utrecht-data-list__item-value">{v}</dd>
          </div>
        ))}
      </dl>
      {user?.role === 'researcher' && p.status === 'active' && (
        <P>
          <Link to={`/runs/new?permit=${encodeURIComponent(p.permit.id)}`}>{t('runs.launch')}</Link>
        </P>
      )}
      {user?.role === 'reviewer' && p.status === 'active' && (
        <>
          {revoke.data && <Alert kind="ok">{t('permits.revoked')}</Alert>}
          <ErrorAlert error={revoke.error} />
          <TextArea label={t('permits.revokeReason')} value={reason} onChange={setReason} rows={2} />
          <Button
            kind="danger"
            onClick={() => revoke.mutate()}
            busy={revoke.isPending}
            disabled={!reason.trim()}
          >
            {t('permits.revoke')}
          </Button>
        </>
      )}
    </article>
  );
}
