import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { MonitorView, RunView } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { ResultBoundary } from '../../ui/ResultBoundary.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { MonitorDashboard } from './MonitorDashboard.tsx';
import { latestDone, stationNames } from './MonitorPage.tsx';
import type { MonitorResult } from './monitor-result.ts';
import './print.css';

/**
 * A monitor's latest release as a report that prints on A4: every indicator, the tables open beside
 * the charts, and the provenance (permit, algorithm, each station's data version, the result's digest).
 */
export default function MonitorReportPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const monitor = useQuery({
    queryKey: ['monitor', id, user?.id],
    queryFn: () => api.getMonitor({ params: { id } }),
    enabled: !!user,
  });
  const title = t('report.title', { name: monitor.data?.name ?? '' });
  usePageTitle(title);
  return (
    <div className="ai4h-report">
      <Heading level={1}>{title}</Heading>
      <RequireSignIn>
        <ErrorAlert error={monitor.error} />
        {monitor.isPending && <Loading />}
        {monitor.data && <Report monitor={monitor.data} />}
      </RequireSignIn>
    </div>
  );
}

function Report({ monitor }: { monitor: MonitorView }) {
  const { t } = useI18n();
  const release = latestDone(monitor);
  const run = useQuery({
    queryKey: ['run', release?.runId],
    queryFn: () => api.getRun({ params: { id: release!.runId } }),
    enabled: !!release,
  });
  // A printed page shows what is open: the tables behind the charts are opened for the report.
  useEffect(() => {
    if (!run.data) return;
    for (const d of document.querySelectorAll('.ai4h-report details')) d.setAttribute('open', '');
  }, [run.data]);
  const d = monitor.definition as { description?: string; start?: string; followUpMonths?: number };
  return (
    <>
      <div className="utrecht-button-group ai4h-no-print">
        <Button onClick={() => window.print()}>{t('report.print')}</Button>
        <Link to={`/monitoring/monitors/${monitor.id}`}>{t('report.back')}</Link>
      </div>
      {d.description && <P lead>{d.description}</P>}
      <P>
        {t('monitoring.about', {
          owner: monitor.owner,
          start: d.start ?? '–',
          months: d.followUpMonths ?? 0,
          permit: monitor.permitId,
        })}
      </P>
      {!release && <Alert kind="info">{t('monitoring.noRelease')}</Alert>}
      <ErrorAlert error={run.error} />
      {run.data && <Provenance run={run.data} month={release?.month ?? ''} />}
      {run.data?.result !== undefined && (
        <ResultBoundary fallback={<pre>{JSON.stringify(run.data.result, null, 2)}</pre>}>
          <MonitorDashboard
            result={run.data.result as MonitorResult}
            names={stationNames(run.data)}
            file={`monitor-${monitor.id}-${run.data.id}`}
            all
          />
        </ResultBoundary>
      )}
    </>
  );
}

/** Where the numbers come from: permit, algorithm, stations and their data versions, the result digest. */
function Provenance({ run, month }: { run: RunView; month: string }) {
  const { t, date } = useI18n();
  return (
    <>
      <Heading level={2}>{t('report.provenance')}</Heading>
      <DataTable
        caption={t('report.provenanceCaption', { month })}
        columns={[
          { key: 'what', label: t('report.what') },
          { key: 'value', label: t('report.value') },
        ]}
        rows={[
          { what: t('report.run'), value: run.id },
          { what: t('report.permit'), value: run.provenance.permitId },
          {
            what: t('report.algorithm'),
            value: `${run.provenance.algorithm.name} ${run.provenance.algorithm.version}`,
          },
          { what: t('report.finished'), value: date(run.finishedAt) },
          { what: t('report.digest'), value: <code>{run.resultDigest ?? '–'}</code> },
          ...run.provenance.answered.map((a) => ({
            what: t('report.stationData', { station: a.stationName }),
            value: <code>{a.dataVersion}</code>,
          })),
          ...run.provenance.missing.map((m) => ({
            what: t('report.stationMissing', { station: m.stationName }),
            value: m.reason ?? m.status,
          })),
        ]}
      />
    </>
  );
}
