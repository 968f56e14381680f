import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { RunView } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { Alert, Button, ErrorAlert, Fieldset, Heading, Loading, SelectField } from '../../ui/ui.tsx';
import { algorithmVersion } from '../requests/purposes.ts';
import { startAndFollow } from '../runs/run-client.ts';
import { StationProgress } from '../runs/StationProgress.tsx';

/**
 * Runs an algorithm under a permit from the page (a researcher holding a permit that allows it) or shows
 * a finished run of it: the latest by default, an earlier one on choice. `children` draws the chosen run.
 */
export function AlgorithmRunPanel({
  algorithm,
  input,
  fields,
  children,
}: {
  algorithm: string;
  /** The run's input from the page's fields. */
  input: () => unknown;
  fields: ReactNode;
  children: (run: RunView) => ReactNode;
}) {
  const { t, date } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const permits = useQuery({
    queryKey: ['permits', user?.id],
    queryFn: () => api.listPermits(),
    enabled: user?.role === 'researcher',
  });
  const runs = useQuery({
    queryKey: ['runs', user?.id],
    queryFn: () => api.listRuns({ query: {} }),
    refetchOnMount: 'always',
  });
  const usable = (permits.data ?? []).filter(
    (p) => p.status === 'active' && p.permit.algorithms.some((a) => a.name === algorithm),
  );
  const finished = (runs.data ?? []).filter((r) => r.algorithm.name === algorithm && r.status === 'done');
  const [permitId, setPermitId] = useState('');
  const [chosen, setChosen] = useState('');
  const [progress, setProgress] = useState<RunView | undefined>();
  useEffect(() => {
    if (!permitId && usable[0]) setPermitId(usable[0].permit.id);
  }, [permitId, usable]);
  const start = useMutation({
    mutationFn: () =>
      startAndFollow(
        permitId,
        { name: algorithm, version: algorithmVersion(algorithm) },
        input(),
        setProgress,
      ),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: ['runs'] });
      if (run.status === 'done') setChosen(run.id);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  const shown = finished.find((r) => r.id === chosen) ?? finished[0];
  return (
    <>
      {user?.role === 'researcher' && (
        <form onSubmit={submit} noValidate>
          <Fieldset legend={t('panel.runLegend')}>
            {permits.data && usable.length === 0 && (
              <Alert kind="warning">{t('panel.noPermit', { algorithm })}</Alert>
            )}
            <SelectField
              label={t('monitoring.permit')}
              value={permitId}
              onChange={setPermitId}
              options={usable.map((p) => ({
                value: p.permit.id,
                label: `${p.permit.title} (${p.permit.purpose}) · ${p.permit.id.slice(0, 12)}`,
              }))}
            />
            {fields}
            <ErrorAlert error={start.error} />
            <div className="utrecht-button-group">
              <Button type="submit" disabled={!permitId} busy={start.isPending}>
                {t('panel.run')}
              </Button>
            </div>
          </Fieldset>
          {progress && <StationProgress run={progress} />}
          {progress?.status === 'failed' && (
            <Alert kind="error">{t('monitoring.runFailed', { error: progress.error ?? '' })}</Alert>
          )}
        </form>
      )}
      <ErrorAlert error={runs.error} />
      {runs.isPending && <Loading />}
      {runs.data && !shown && <Alert kind="info">{t('panel.noRun')}</Alert>}
      {finished.length > 1 && (
        <SelectField
          label={t('panel.shownRun')}
          value={shown?.id ?? ''}
          onChange={setChosen}
          options={finished.map((r) => ({
            value: r.id,
            label: `${date(r.finishedAt ?? r.createdAt)} · ${r.id.slice(0, 12)}`,
          }))}
        />
      )}
      {shown && (
        <>
          <Heading level={2}>
            {t('panel.result', { when: date(shown.finishedAt ?? shown.createdAt) })}
          </Heading>
          {children(shown)}
        </>
      )}
    </>
  );
}
