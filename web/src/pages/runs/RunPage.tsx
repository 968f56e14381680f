import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { RunView } from '../../../../src/api/index.ts';
import { RefusalReasonTexts } from '../../../../src/common/refusal-reasons.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { download } from '../../ui/download.ts';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { ResultBoundary } from '../../ui/ResultBoundary.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { CohortResultView, type CombinedCohort } from './results/CohortResultView.tsx';
import {
  type DescriptiveResult,
  DescriptiveResultView,
  type GlmResult,
  GlmResultView,
  type RepresentativenessResult,
  RepresentativenessView,
  type ValidationResult,
  ValidationResultView,
} from './results/ModelResultViews.tsx';
import { followRun } from './run-client.ts';
import { StationProgress } from './StationProgress.tsx';

export default function RunPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  usePageTitle(t('run.title', { id: id.slice(0, 8) }));
  return (
    <>
      <Heading level={1}>{t('run.title', { id: id.slice(0, 8) })}</Heading>
      <RequireSignIn>
        <RunDetail id={id} />
      </RequireSignIn>
    </>
  );
}

function RunDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const key = ['run', id];
  const run = useQuery({ queryKey: key, queryFn: () => api.getRun({ params: { id } }) });
  const running = run.data?.status === 'running';
  // While the run runs, follow it by long-polling: each station's progress shows as it happens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: started once per running run
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    followRun(id, (r) => queryClient.setQueryData(key, r), controller.signal).catch(() => {});
    return () => controller.abort();
  }, [id, running]);
  const stations = useQuery({ queryKey: ['stations'], queryFn: () => api.listStations({ query: {} }) });
  const names = new Map((stations.data ?? []).map((s) => [s.id, s.name]));
  if (run.isPending) return <Loading />;
  if (!run.data) return <ErrorAlert error={run.error} />;
  const r = run.data;
  const waiting = r.rounds.at(-1)?.stations.some((s) => s.reason === 'permit-not-approved');
  return (
    <>
      <P>
        {r.algorithm.name} {r.algorithm.version} · {t(`run.status.${r.status}` as TextKey)}
      </P>
      <StationProgress run={r} />
      {waiting && r.status !== 'running' && user?.role === 'researcher' && (
        <Alert kind="info">
          <P>{t('run.stewardHint')}</P>
          <P>
            <Link
              to={`/runs/new?permit=${encodeURIComponent(r.permitId)}&algorithm=${encodeURIComponent(r.algorithm.name)}`}
            >
              {t('run.again')}
            </Link>
          </P>
        </Alert>
      )}
      {r.status === 'failed' && <Alert kind="error">{r.error ?? t('run.status.failed')}</Alert>}
      {r.status === 'done' && r.result !== undefined && (
        <section aria-labelledby="h-result">
          <Heading level={2} id="h-result">
            {t('run.result')}
          </Heading>
          <ResultBoundary fallback={<pre className="ai4h-mono">{JSON.stringify(r.result, null, 2)}</pre>}>
            <ResultView run={r} names={names} />
          </ResultBoundary>
          <Button
            kind="secondary"
            onClick={() =>
              download(
                `run-${r.id}.json`,
                JSON.stringify({ result: r.result, provenance: r.provenance }, null, 2),
                'application/json',
              )
            }
          >
            {t('run.download')}
          </Button>
        </section>
      )}
      <Provenance run={r} />
    </>
  );
}

function ResultView({ run, names }: { run: RunView; names: Map<string, string> }) {
  switch (run.algorithm.name) {
    case 'cohort-feasibility':
    case 'cohort-characterisation':
      return <CohortResultView result={run.result as CombinedCohort} stationNames={names} />;
    case 'glm':
      return (
        <>
          <GlmResultView result={run.result as GlmResult} names={names} />
          <ValidateLink run={run} />
        </>
      );
    case 'validation':
      return <ValidationResultView result={run.result as ValidationResult} names={names} />;
    case 'descriptive':
      return <DescriptiveResultView result={run.result as DescriptiveResult} />;
    case 'representativeness':
      return <RepresentativenessView result={run.result as RepresentativenessResult} />;
    default:
      return <pre className="ai4h-mono">{JSON.stringify(run.result, null, 2)}</pre>;
  }
}

function ValidateLink({ run }: { run: RunView }) {
  const { t } = useI18n();
  return (
    <P>
      <Link
        to={`/runs/new?permit=${encodeURIComponent(run.permitId)}&algorithm=validation&from=${encodeURIComponent(run.id)}`}
      >
        {t('glm.validate')}
      </Link>
    </P>
  );
}

function Provenance({ run }: { run: RunView }) {
  const { t, lang } = useI18n();
  const p = run.provenance;
  return (
    <section aria-labelledby="h-prov">
      <Heading level={2} id="h-prov">
        {t('run.provenance')}
      </Heading>
      <dl className="utrecht-data-list utrecht-data-list--rows">
        {[
          [t('permits.id'), p.permitId],
          [t('runs.algorithm'), `${p.algorithm.name} ${p.algorithm.version}`],
          [t('run.hash'), p.algorithm.hash],
          ...(run.resultDigest ? [[t('run.digest'), run.resultDigest]] : []),
        ].map(([k, v]) => (
          <div key={k} className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{k}</dt>
            <dd className="utrecht-data-list__item-value ai4h-mono">{v}</dd>
          </div>
        ))}
      </dl>
      <DataTable
        caption={t('run.contributed')}
        columns={[
          { key: 'station', label: t('run.station') },
          { key: 'version', label: t('run.dataVersion') },
          { key: 'rounds', label: t('run.rounds'), numeric: true },
        ]}
        rows={p.answered.map((a) => ({
          station: a.stationName,
          version: <span className="ai4h-mono">{a.dataVersion}</span>,
          rounds: a.rounds.length,
        }))}
      />
      {p.missing.length > 0 && (
        <DataTable
          caption={t('run.missing')}
          columns={[
            { key: 'station', label: t('run.station') },
            { key: 'status', label: t('common.status') },
            { key: 'why', label: t('run.why') },
          ]}
          rows={p.missing.map((m) => ({
            station: m.stationName,
            status: t(`task.${m.status}` as TextKey),
            why: m.reason ? RefusalReasonTexts[m.reason][lang] : (m.message ?? ''),
          }))}
        />
      )}
    </section>
  );
}
