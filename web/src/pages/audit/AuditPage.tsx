import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';

export default function AuditPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('audit.title')} lead={t('audit.lead')} roles={['auditor']}>
      <Audit />
    </SignedInPage>
  );
}

function Audit() {
  const { t, date } = useI18n();
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => api.verifyAudit() });
  const head = useQuery({ queryKey: ['audit-head'], queryFn: () => api.hubAuditHead() });
  const log = useQuery({ queryKey: ['audit-log'], queryFn: () => api.audit({ query: { limit: 50 } }) });
  const stations = useQuery({ queryKey: ['stations'], queryFn: () => api.listStations({ query: {} }) });
  return (
    <>
      <section aria-labelledby="h-hub">
        <Heading level={2} id="h-hub">
          {t('audit.hubChain')}
        </Heading>
        <ErrorAlert error={verify.error} />
        {verify.isPending && <Loading />}
        {verify.data &&
          (verify.data.ok ? (
            <Alert kind="ok">{t('audit.ok', { n: verify.data.entries })}</Alert>
          ) : (
            <Alert kind="error">
              {t('audit.broken', { at: verify.data.brokenAt ?? '?', problem: verify.data.problem ?? '' })}
            </Alert>
          ))}
        <Button kind="secondary" onClick={() => void verify.refetch()} busy={verify.isFetching}>
          {t('audit.verifyAgain')}
        </Button>
        {head.data && (
          <P>
            {t('audit.head', {
              n: head.data.head.entries,
              hash: head.data.head.hash.slice(0, 16),
              key: head.data.keyId,
            })}
          </P>
        )}
      </section>
      <section aria-labelledby="h-st">
        <Heading level={2} id="h-st">
          {t('audit.stationChains')}
        </Heading>
        <ErrorAlert error={stations.error} />
        <DataTable
          caption={t('audit.stationChains')}
          columns={[
            { key: 'station', label: t('run.station') },
            { key: 'entries', label: t('audit.entries'), numeric: true },
            { key: 'signed', label: t('audit.signedAt') },
            { key: 'state', label: t('common.status') },
          ]}
          rows={(stations.data ?? []).map((s) => ({
            station: s.name,
            entries: s.auditHead?.entries ?? '–',
            signed: date(s.auditHead?.signedAt),
            state: s.auditFlag
              ? `${t('stations.flagged')}: ${s.auditFlag.problem}`
              : s.auditHead
                ? t('audit.stationOk')
                : t('audit.noHead'),
          }))}
        />
        <P>{t('audit.stationNote')}</P>
      </section>
      <section aria-labelledby="h-log">
        <Heading level={2} id="h-log">
          {t('audit.log')}
        </Heading>
        <ErrorAlert error={log.error} />
        {log.data && (
          <DataTable
            caption={t('audit.log')}
            columns={[
              { key: 'seq', label: '#', numeric: true },
              { key: 'at', label: t('audit.at') },
              { key: 'actor', label: t('audit.actor') },
              { key: 'action', label: t('audit.action') },
              { key: 'subject', label: t('audit.subject') },
              { key: 'hash', label: t('audit.hash') },
            ]}
            rows={log.data.map((e) => ({
              seq: e.seq,
              at: date(e.at),
              actor: e.actor,
              action: e.action,
              subject: e.subject ?? e.permitId ?? '',
              hash: <span className="ai4h-mono">{e.hash.slice(0, 12)}</span>,
            }))}
          />
        )}
      </section>
    </>
  );
}
