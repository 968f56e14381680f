import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StationPermit, StationStewardship } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P, TextArea } from '../../ui/ui.tsx';
import { purposeLabel } from '../requests/purposes.ts';

/**
 * One station for its stewards (and reviewers): online status, the policy the station reported, and the
 * permits waiting for its steward, each approved or denied here with a reason. The decision is the
 * hub's record until the station takes it over on its next poll; the state per permit shows which.
 */
export default function StationStewardPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  return (
    <SignedInPage title={t('steward.title')} lead={t('steward.lead')} roles={['steward', 'reviewer']}>
      <Stewardship id={id} />
    </SignedInPage>
  );
}

function Stewardship({ id }: { id: string }) {
  const { t } = useI18n();
  const view = useQuery({
    queryKey: ['stewardship', id],
    queryFn: () => api.stationStewardship({ params: { id } }),
    // While a decision waits for the station, look more often: the steward sees it taken over.
    refetchInterval: (q) => (q.state.data?.permits.some((p) => p.state === 'decided') ? 1500 : 10_000),
  });
  if (view.isPending) return <Loading />;
  if (!view.data) return <ErrorAlert error={view.error} />;
  const v = view.data;
  return (
    <>
      <Heading level={2}>{v.station.name}</Heading>
      <StationStatus view={v} />
      <Policy view={v} />
      <Permits view={v} />
      <P>
        <Link to="/stations">{t('steward.back')}</Link>
      </P>
    </>
  );
}

function StationStatus({ view: v }: { view: StationStewardship }) {
  const { t, date } = useI18n();
  const s = v.station;
  return (
    <dl className="utrecht-data-list utrecht-data-list--rows">
      {[
        [
          t('common.status'),
          <span key="s" className={`ai4h-status--${s.status}`}>
            {t(s.status === 'online' ? 'stations.online' : 'stations.offline')}
          </span>,
        ],
        [t('stations.organisation'), s.organisationName],
        [t('stations.heartbeat'), date(s.lastHeartbeatAt)],
        [
          t('run.dataVersion'),
          <span key="v" className="ai4h-mono">
            {s.dataVersion ?? '–'}
          </span>,
        ],
        [t('steward.reportedAt'), v.reportedAt ? date(v.reportedAt) : t('steward.neverReported')],
      ].map(([k, val]) => (
        <div key={String(k)} className="utrecht-data-list__item">
          <dt className="utrecht-data-list__item-key">{k}</dt>
          <dd className="utrecht-data-list__item-value">{val}</dd>
        </div>
      ))}
    </dl>
  );
}

function Policy({ view: v }: { view: StationStewardship }) {
  const { t, lang } = useI18n();
  const p = v.policy;
  return (
    <section aria-labelledby="h-policy">
      <Heading level={2} id="h-policy">
        {t('stations.policyTitle')}
      </Heading>
      {!p ? (
        <P>{t('steward.noPolicy')}</P>
      ) : (
        <>
          <dl className="utrecht-data-list utrecht-data-list--rows">
            {[
              [t('steward.threshold'), String(p.threshold)],
              [t('steward.rounding'), String(p.rounding)],
              [t('steward.approvalDefault'), t(`steward.mode.${p.approvalDefault}` as TextKey)],
              [t('steward.remote'), p.remoteApproval ? t('steward.remoteOn') : t('steward.remoteOff')],
              [t('steward.purposes'), p.acceptedPurposes.map((x) => purposeLabel(x, lang)).join(', ')],
            ].map(([k, val]) => (
              <div key={k} className="utrecht-data-list__item">
                <dt className="utrecht-data-list__item-key">{k}</dt>
                <dd className="utrecht-data-list__item-value">{val}</dd>
              </div>
            ))}
          </dl>
          <DataTable
            caption={t('steward.algorithms')}
            columns={[
              { key: 'name', label: t('admin.name') },
              { key: 'version', label: t('governance.version') },
              { key: 'hash', label: t('steward.hash') },
            ]}
            rows={p.acceptedAlgorithms.map((a) => ({
              name: a.name,
              version: a.version,
              hash: <span className="ai4h-mono">{a.hash.slice(0, 12)}…</span>,
            }))}
          />
        </>
      )}
    </section>
  );
}

function Permits({ view: v }: { view: StationStewardship }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="h-permits">
      <Heading level={2} id="h-permits">
        {t('steward.permits')}
      </Heading>
      <P>{t('steward.permitsHelp')}</P>
      {v.policy && !v.policy.remoteApproval && <Alert kind="warning">{t('steward.remoteOffHelp')}</Alert>}
      {v.permits.length === 0 && <P>{t('steward.noPermits')}</P>}
      {v.permits.map((p) => (
        <PermitCard key={p.permitId} stationId={v.station.id} permit={p} />
      ))}
    </section>
  );
}

function PermitCard({ stationId, permit: p }: { stationId: string; permit: StationPermit }) {
  const { t, lang, date } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const decide = useMutation({
    mutationFn: (approve: boolean) =>
      api.decideStationPermit({
        params: { id: stationId, permitId: p.permitId },
        body: { approve, reason: reason.trim() },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['stewardship', stationId] }),
  });
  const go = (approve: boolean) => {
    if (!reason.trim()) return setReasonError(t('steward.reasonRequired'));
    setReasonError(undefined);
    decide.mutate(approve);
  };
  const d = p.decision;
  const headingId = `permit-${p.permitId}`;
  return (
    <article className="ai4h-card" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {p.title}
      </Heading>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        {[
          [
            t('permits.id'),
            <span key="id" className="ai4h-mono">
              {p.permitId}
            </span>,
          ],
          [t('request.purpose'), purposeLabel(p.purpose, lang)],
          [t('steward.holder'), p.holder],
          [t('request.algorithms'), p.algorithms.map((a) => `${a.name} ${a.version}`).join(', ')],
          [t('request.budget'), String(p.queryBudget)],
          [t('steward.until'), date(p.expiresAt)],
          [t('steward.state'), <strong key="st">{t(`steward.state.${p.state}` as TextKey)}</strong>],
        ].map(([k, val]) => (
          <div key={String(k)} className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{k}</dt>
            <dd className="utrecht-data-list__item-value">{val}</dd>
          </div>
        ))}
      </dl>
      {p.changedSinceApproval && <Alert kind="warning">{t('steward.changed')}</Alert>}
      {d && (
        <Alert kind={d.state === 'refused' ? 'warning' : d.state === 'applied' ? 'ok' : 'info'}>
          <P>
            {t(d.decision === 'approve' ? 'steward.decidedApprove' : 'steward.decidedDeny', {
              who: d.decidedBy.name,
              at: date(d.decidedAt),
            })}{' '}
            “{d.reason}”
          </P>
          <P>
            {d.state === 'decided' && t('steward.pending')}
            {d.state === 'applied' && t('steward.applied', { at: date(d.stationAt) })}
            {d.state === 'refused' &&
              t('steward.refused', { at: date(d.stationAt), problem: d.stationProblem ?? '' })}
          </P>
        </Alert>
      )}
      {p.state === 'waiting' && user?.role === 'steward' && (
        <>
          <ErrorAlert error={decide.error} />
          <TextArea
            label={t('steward.reason')}
            description={t('steward.reasonHelp')}
            value={reason}
            onChange={setReason}
            error={reasonError}
            rows={3}
          />
          <div className="utrecht-button-group">
            <Button onClick={() => go(true)} busy={decide.isPending && decide.variables === true}>
              {t('steward.approve')}
            </Button>
            <Button
              kind="danger"
              onClick={() => go(false)}
              busy={decide.isPending && decide.variables === false}
            >
              {t('steward.deny')}
            </Button>
          </div>
        </>
      )}
    </article>
  );
}
