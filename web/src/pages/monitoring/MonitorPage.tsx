import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MonitorView, RunView } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { ResultBoundary } from '../../ui/ResultBoundary.tsx';
import {
  Alert,
  Button,
  DataTable,
  ErrorAlert,
  Heading,
  Loading,
  P,
  SelectField,
  TextField,
} from '../../ui/ui.tsx';
import { followRun } from '../runs/run-client.ts';
import { StationProgress } from '../runs/StationProgress.tsx';
import { MonitorDashboard } from './MonitorDashboard.tsx';
import type { MonitorResult } from './monitor-result.ts';

/** Station names by id, from a run's rounds. */
export const stationNames = (run: RunView): Record<string, string> =>
  Object.fromEntries(run.rounds.flatMap((r) => r.stations).map((s) => [s.stationId, s.stationName]));

/** The latest finished release of a monitor (by month, then by when it was made). */
export const latestDone = (m: MonitorView) => m.history.filter((h) => h.status === 'done').at(-1);

export default function MonitorPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const monitor = useQuery({
    queryKey: ['monitor', id, user?.id],
    queryFn: () => api.getMonitor({ params: { id } }),
    enabled: !!user,
  });
  usePageTitle(monitor.data?.name ?? t('monitoring.monitor'));
  return (
    <>
      <Heading level={1}>{monitor.data?.name ?? t('monitoring.monitor')}</Heading>
      <RequireSignIn>
        <ErrorAlert error={monitor.error} />
        {monitor.isPending && <Loading />}
        {monitor.data && <MonitorBody monitor={monitor.data} />}
      </RequireSignIn>
    </>
  );
}

function MonitorBody({ monitor }: { monitor: MonitorView }) {
  const { t, date } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const done = monitor.history.filter((h) => h.status === 'done');
  const [chosen, setChosen] = useState('');
  const runId = chosen || latestDone(monitor)?.runId || '';
  const run = useQuery({
    queryKey: ['run', runId],
    queryFn: () => api.getRun({ params: { id: runId } }),
    enabled: !!runId,
  });
  const [month, setMonth] = useState('');
  const [progress, setProgress] = useState<RunView | undefined>();
  const start = useMutation({
    mutationFn: async () => {
      const started = await api.runMonitor({
        params: { id: monitor.id },
        body: month ? { throughMonth: month } : {},
      });
      await queryClient.invalidateQueries({ queryKey: ['monitor', monitor.id] });
      return followRun(started.run.id, setProgress);
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['monitor', monitor.id] });
      if (r.status === 'done') setChosen(r.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const d = monitor.definition as { description?: string; start?: string; followUpMonths?: number };
  return (
    <>
      {d.description && <P lead>{d.description}</P>}
      <P>
        {t('monitoring.about', {
          owner: monitor.owner,
          start: d.start ?? '–',
          months: d.followUpMonths ?? 0,
          permit: monitor.permitId,
        })}
      </P>
      <ul className="utrecht-unordered-list">
        <li>
          <Link to={`/monitoring/monitors/${monitor.id}/report`}>{t('monitoring.report')}</Link>
        </li>
        <li>
          <Link to={`/public/monitors/${monitor.id}`}>{t('monitoring.publicPage')}</Link>
        </li>
      </ul>

      {user?.role === 'researcher' && (
        <form onSubmit={submit} noValidate className="ai4h-monitor__run">
          <Heading level={2}>{t('monitoring.runHeading')}</Heading>
          <TextField
            label={t('monitoring.throughMonth')}
            description={t('monitoring.throughMonthHelp')}
            value={month}
            onChange={setMonth}
          />
          <ErrorAlert error={start.error} />
          <div className="utrecht-button-group">
            <Button type="submit" busy={start.isPending}>
              {t('monitoring.run')}
            </Button>
          </div>
          {progress && <StationProgress run={progress} />}
          {progress?.status === 'failed' && (
            <Alert kind="error">{t('monitoring.runFailed', { error: progress.error ?? '' })}</Alert>
          )}
        </form>
      )}

      <Heading level={2}>{t('monitoring.history')}</Heading>
      <DataTable
        caption={t('monitoring.historyCaption')}
        columns={[
          { key: 'month', label: t('mon.month') },
          { key: 'run', label: t('runs.run') },
          { key: 'status', label: t('common.status') },
          { key: 'finished', label: t('monitoring.finished') },
          { key: 'digest', label: t('monitoring.digest') },
        ]}
        rows={monitor.history.map((h) => ({
          month: h.month,
          run: <Link to={`/runs/${h.runId}`}>{h.runId.slice(0, 12)}</Link>,
          status: t(`run.status.${h.status}` as TextKey),
          finished: date(h.finishedAt),
          digest: h.resultDigest ? <code>{h.resultDigest.slice(0, 16)}…</code> : '–',
        }))}
      />
      {done.length > 1 && (
        <SelectField
          label={t('monitoring.release')}
          value={runId}
          onChange={setChosen}
          options={done.map((h) => ({ value: h.runId, label: `${h.month} · ${h.runId.slice(0, 12)}` }))}
        />
      )}
      {!runId && <Alert kind="info">{t('monitoring.noRelease')}</Alert>}
      <ErrorAlert error={run.error} />
      {run.data?.result !== undefined && (
        <ResultBoundary fallback={<pre>{JSON.stringify(run.data.result, null, 2)}</pre>}>
          <MonitorDashboard
            key={run.data.id}
            result={run.data.result as MonitorResult}
            names={stationNames(run.data)}
            file={`monitor-${monitor.id}-${run.data.id}`}
          />
        </ResultBoundary>
      )}
    </>
  );
}
