import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccessRequest } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, ErrorAlert, Heading, Loading, P, TextArea } from '../../ui/ui.tsx';
import { SandboxRuns } from '../governance/sandbox/SandboxRuns.tsx';
import { purposeLabel } from '../requests/purposes.ts';

export default function ReviewsPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('nav.reviews')} lead={t('review.lead')} roles={['reviewer']}>
      <Queue />
    </SignedInPage>
  );
}

function Queue() {
  const { t } = useI18n();
  const { user } = useSession();
  const list = useQuery({ queryKey: ['requests', user?.id], queryFn: () => api.listRequests({ query: {} }) });
  // A request decided on this page stays in view with its outcome until the page is left.
  const [decided, setDecided] = useState<string[]>([]);
  if (list.isPending) return <Loading />;
  const shown = (list.data ?? []).filter((r) => r.status === 'submitted' || decided.includes(r.id));
  return (
    <>
      <ErrorAlert error={list.error} />
      {list.data && shown.length === 0 && <P>{t('review.empty')}</P>}
      {shown.map((r) => (
        <Decision key={r.id} request={r} onDecided={() => setDecided((d) => [...d, r.id])} />
      ))}
    </>
  );
}

function Decision({ request: r, onDecided }: { request: AccessRequest; onDecided(): void }) {
  const { t, lang, date } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState('');
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      api.decideRequest({ params: { id: r.id }, body: { approve, note: note.trim() } }),
    onSuccess: () => {
      onDecided();
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
      void queryClient.invalidateQueries({ queryKey: ['permits'] });
    },
  });
  const go = (approve: boolean) => {
    if (!note.trim()) {
      setNoteError(t('review.noteNeeded'));
      return;
    }
    setNoteError('');
    decide.mutate(approve);
  };
  return (
    <article className="ai4h-card" aria-labelledby={`req-${r.id}`}>
      <Heading level={2} id={`req-${r.id}`}>
        {r.title}
      </Heading>
      <P>{r.description}</P>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        {[
          [t('request.purpose'), purposeLabel(r.purpose, lang)],
          [t('request.stations'), String(r.stations.length)],
          [t('request.algorithms'), r.algorithms.map((a) => `${a.name} ${a.version}`).join(', ')],
          [t('request.duration'), String(r.durationDays)],
          [t('request.budget'), String(r.queryBudget)],
          [t('common.created'), date(r.createdAt)],
        ].map(([k, v]) => (
          <div key={k} className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{k}</dt>
            <dd className="utrecht-data-list__item-value">{v}</dd>
          </div>
        ))}
      </dl>
      <SandboxRuns requestId={r.id} />
      {decide.data ? (
        <Alert kind="ok">
          {decide.data.request.status === 'approved'
            ? t('review.approved', { permit: decide.data.permit?.id.slice(0, 8) ?? '' })
            : t('review.rejected')}
        </Alert>
      ) : (
        <>
          <ErrorAlert error={decide.error} />
          <TextArea
            label={t('review.note')}
            description={t('review.noteHelp')}
            value={note}
            onChange={setNote}
            error={noteError}
            rows={3}
          />
          <div className="utrecht-button-group">
            <Button onClick={() => go(true)} busy={decide.isPending && decide.variables === true}>
              {t('review.approve')}
            </Button>
            <Button
              kind="danger"
              onClick={() => go(false)}
              busy={decide.isPending && decide.variables === false}
            >
              {t('review.reject')}
            </Button>
          </div>
        </>
      )}
    </article>
  );
}
