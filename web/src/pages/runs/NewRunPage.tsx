import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, ErrorAlert, SelectField, TextArea } from '../../ui/ui.tsx';
import { algorithmVersion } from '../requests/purposes.ts';
import { type FittedModel, inputTemplate } from './templates.ts';

export default function NewRunPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('runs.launch')} lead={t('runs.launchLead')} roles={['researcher']}>
      <LaunchForm />
    </SignedInPage>
  );
}

function LaunchForm() {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const permits = useQuery({ queryKey: ['permits', user?.id], queryFn: () => api.listPermits() });
  // Always fresh: a fit that just finished must be in the list.
  const runs = useQuery({
    queryKey: ['runs', user?.id],
    queryFn: () => api.listRuns({ query: {} }),
    refetchOnMount: 'always',
  });
  const active = (permits.data ?? []).filter((p) => p.status === 'active');
  const [permitId, setPermitId] = useState(params.get('permit') ?? '');
  const permit = active.find((p) => p.permit.id === permitId);
  const [algorithm, setAlgorithm] = useState(params.get('algorithm') ?? '');
  const [input, setInput] = useState('');
  const [parseError, setParseError] = useState('');
  const fits = (runs.data ?? []).filter((r) => r.algorithm.name === 'glm' && r.status === 'done');
  const [fit, setFit] = useState(params.get('from') ?? '');

  useEffect(() => {
    if (!permitId && active[0]) setPermitId(active[0].permit.id);
  }, [permitId, active]);
  useEffect(() => {
    if (permit && !permit.permit.algorithms.some((a) => a.name === algorithm))
      setAlgorithm(permit.permit.algorithms[0]?.name ?? '');
  }, [permit, algorithm]);
  // The chosen fit (its specification and coefficients), as text: the input is filled in again when it
  // or the algorithm changes.
  // The fit named in the address is read itself, so it counts even before the list has it.
  const named = useQuery({
    queryKey: ['run', fit],
    queryFn: () => api.getRun({ params: { id: fit } }),
    enabled: !!fit,
  });
  const chosen =
    fits.find((r) => r.id === fit) ??
    (named.data?.algorithm.name === 'glm' && named.data.status === 'done' ? named.data : undefined);
  const fitted = JSON.stringify(
    chosen
      ? {
          spec: (chosen.input as { spec?: unknown }).spec,
          coefficients: (chosen.result as { coefficients: { estimate: number }[] }).coefficients.map(
            (c) => c.estimate,
          ),
        }
      : null,
  );
  useEffect(() => {
    if (!algorithm) return;
    const model = JSON.parse(fitted) as FittedModel | null;
    setInput(JSON.stringify(inputTemplate(algorithm, model ?? undefined), null, 2));
  }, [algorithm, fitted]);

  const launch = useMutation({
    mutationFn: (body: unknown) =>
      api.createRun({
        body: { permitId, algorithm: { name: algorithm, version: algorithmVersion(algorithm) }, input: body },
      }),
    onSuccess: (run) => navigate(`/runs/${run.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(input);
    } catch (err) {
      setParseError(t('runs.badJson', { message: err instanceof Error ? err.message : '' }));
      return;
    }
    setParseError('');
    launch.mutate(body);
  };
  if (permits.data && active.length === 0) return <Alert kind="info">{t('cohort.noPermit')}</Alert>;
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={launch.error} />
      <SelectField
        label={t('cohort.permit')}
        value={permitId}
        onChange={setPermitId}
        options={active.map((p) => ({
          value: p.permit.id,
          label: `${p.permit.title} (${p.permit.id.slice(0, 8)})`,
        }))}
        name="permit"
      />
      <SelectField
        label={t('runs.algorithm')}
        value={algorithm}
        onChange={setAlgorithm}
        options={(permit?.permit.algorithms ?? []).map((a) => ({
          value: a.name,
          label: `${a.name} ${a.version}`,
        }))}
        name="algorithm"
      />
      {algorithm === 'validation' && (
        <SelectField
          label={t('runs.fromFit')}
          value={fit}
          onChange={setFit}
          options={[
            { value: '', label: '–' },
            ...fits.map((r) => ({
              value: r.id,
              label: `glm ${r.id.slice(0, 8)} (${r.createdAt.slice(0, 16)})`,
            })),
          ]}
          name="fit"
        />
      )}
      <TextArea
        label={t('runs.input')}
        description={t('runs.inputHelp')}
        value={input}
        onChange={setInput}
        rows={14}
        error={parseError}
        name="input"
      />
      <Button type="submit" busy={launch.isPending} disabled={!permitId || !algorithm}>
        {t('runs.start')}
      </Button>
    </form>
  );
}
