import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ReadinessThemes, ReadinessView } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { RadarChart } from '../../../charts/RadarChart.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { SignedInPage } from '../../../ui/SignedInPage.tsx';
import {
  Alert,
  Button,
  Checkbox,
  DataTable,
  ErrorAlert,
  Fieldset,
  Heading,
  Loading,
  P,
  SelectField,
} from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';

/**
 * The AI-readiness self-assessment of the user's organisation: nine themes, two questions each on the
 * hub's scale; the scores as a radar chart against the network (aggregated, no organisation named) and
 * the next steps for each low score.
 */
export default function ReadinessPage() {
  const { t } = useI18n();
  return (
    <SignedInPage
      title={t('gov.readiness.title')}
      lead={t('gov.readiness.lead')}
      roles={['steward', 'researcher']}
    >
      <GovernanceNav />
      <Readiness />
    </SignedInPage>
  );
}

function Readiness() {
  const { user } = useSession();
  const themes = useQuery({ queryKey: ['readiness-themes'], queryFn: () => api.readinessThemes() });
  const mine = useQuery({
    queryKey: ['readiness', user?.id],
    queryFn: () => api.getReadiness({ query: {} }),
    retry: false,
  });
  const notYet = (mine.error as { code?: string } | null)?.code === 'notFound';
  if (themes.isPending || mine.isPending) return <Loading />;
  return (
    <>
      <ErrorAlert error={themes.error} />
      {!notYet && <ErrorAlert error={mine.error} />}
      {mine.data && <ReadinessResult view={mine.data} />}
      {themes.data && <ReadinessForm themes={themes.data} previous={mine.data} />}
    </>
  );
}

function ReadinessForm({ themes, previous }: { themes: ReadinessThemes; previous?: ReadinessView }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [shareName, setShareName] = useState(previous?.assessment.shareName ?? false);
  const [missing, setMissing] = useState<string[]>([]);
  const submit = useMutation({
    mutationFn: () =>
      api.submitReadiness({
        body: {
          answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, Number(v)])),
          shareName,
        },
      }),
    onSuccess: (view) => queryClient.setQueryData(['readiness', user?.id], view),
  });
  const questions = themes.themes.flatMap((th) => th.questions);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const open = questions.filter((q) => !answers[q.id]).map((q) => q.text[lang]);
    setMissing(open);
    if (open.length === 0) submit.mutate();
  };
  const scale = [
    { value: '', label: t('gov.readiness.choose') },
    ...themes.scale.map((s, i) => ({ value: String(i), label: `${i} – ${s[lang]}` })),
  ];
  return (
    <section aria-labelledby="h-assess">
      <Heading level={2} id="h-assess">
        {previous ? t('gov.readiness.again') : t('gov.readiness.assess')}
      </Heading>
      <form onSubmit={onSubmit} noValidate>
        {missing.length > 0 && (
          <Alert kind="error">
            <P>
              <strong>{t('gov.readiness.missing', { n: missing.length })}</strong>
            </P>
          </Alert>
        )}
        {themes.themes.map((th) => (
          <Fieldset key={th.id} legend={th.title[lang]}>
            {th.questions.map((q) => (
              <SelectField
                key={q.id}
                label={q.text[lang]}
                value={answers[q.id] ?? ''}
                onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
                options={scale}
                name={q.id}
                {...(missing.includes(q.text[lang]) ? { error: t('gov.readiness.answerThis') } : {})}
              />
            ))}
            <p className="utrecht-paragraph utrecht-paragraph--small">{th.source}</p>
          </Fieldset>
        ))}
        <Checkbox label={t('gov.readiness.shareName')} checked={shareName} onChange={setShareName} />
        <ErrorAlert error={submit.error} />
        <Button type="submit" busy={submit.isPending}>
          {t('gov.readiness.submit')}
        </Button>
      </form>
    </section>
  );
}

function ReadinessResult({ view }: { view: ReadinessView }) {
  const { t, lang, date, num } = useI18n();
  const a = view.assessment;
  // The median is withheld below six organisations; the (noised) mean stands in for it then.
  const network = new Map(view.network.themes.map((n) => [n.theme, n.median ?? n.mean]));
  const shown = view.network.organisations >= view.network.minOrganisations;
  const series = [
    { name: t('gov.readiness.yours'), values: Object.fromEntries(a.scores.map((s) => [s.theme, s.score])) },
    ...(shown
      ? [
          {
            name: t('gov.readiness.network'),
            values: Object.fromEntries(a.scores.map((s) => [s.theme, network.get(s.theme) ?? null])),
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="h-result">
      <Heading level={2} id="h-result">
        {t('gov.readiness.result')}
      </Heading>
      <P>{t('gov.readiness.submitted', { when: date(a.submittedAt) })}</P>
      <P>
        {shown
          ? t('gov.readiness.networkShown', { n: view.network.organisations })
          : t('gov.readiness.networkHidden', {
              n: view.network.organisations,
              min: view.network.minOrganisations,
            })}
      </P>
      <RadarChart
        title={t('gov.readiness.chart')}
        description={t('gov.readiness.chartHelp')}
        axes={a.scores.map((s) => ({ id: s.theme, label: s.title[lang] }))}
        series={series}
        file="ai-readiness"
        axisHeader={t('gov.readiness.theme')}
      />
      {a.nextSteps.length > 0 && (
        <>
          <Heading level={3}>{t('gov.readiness.nextSteps')}</Heading>
          <ul className="utrecht-unordered-list">
            {a.nextSteps.map((n) => {
              const s = a.scores.find((x) => x.theme === n.theme);
              return (
                <li key={n.theme}>
                  <strong>
                    {s?.title[lang] ?? n.theme} ({num(s?.score ?? 0, 1)})
                  </strong>
                  <ul>
                    {n.steps.map((step) => (
                      <li key={step.en}>{step[lang]}</li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {view.participants.length > 0 && (
        <DataTable
          caption={t('gov.readiness.participants')}
          columns={[{ key: 'name', label: t('stations.organisation') }]}
          rows={view.participants.map((name) => ({ name }))}
        />
      )}
    </section>
  );
}
