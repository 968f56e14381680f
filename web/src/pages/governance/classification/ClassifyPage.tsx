import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { AiSystem, Classification, ClassificationAnswers } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { SignedInPage } from '../../../ui/SignedInPage.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, Loading, P } from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { label } from '../labels.ts';
import { formOf, systemBody } from '../systems/system-form.ts';
import { isAnswerFact, withAnswer, withoutAnswer } from './answers.ts';
import { DecisionPath } from './DecisionPath.tsx';
import { type NextQuestion, QuestionStep } from './QuestionStep.tsx';

/**
 * The AI Act and MDR (Rule 11) questionnaire walked one question at a time: the questions, their
 * articles and the reasoning come from the rule files through the hub; the answers are saved on the
 * system and classified there (a new, audited version).
 */
export default function ClassifyPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const system = useQuery({
    queryKey: ['ai-system', id, user?.id],
    queryFn: () => api.getAiSystem({ params: { id } }),
    enabled: !!user,
  });
  return (
    <SignedInPage title={t('gov.classify.title')} lead={t('gov.classify.lead')} roles={['researcher']}>
      <GovernanceNav />
      <ErrorAlert error={system.error} />
      {system.isPending && <Loading />}
      {system.data && <Walk system={system.data} />}
    </SignedInPage>
  );
}

/** The first question still open: the MDR tree, then the AI Act tree, then the transparency questions. */
function nextQuestion(c: Classification): NextQuestion | undefined {
  if (c.mdr.status === 'incomplete' && isAnswerFact(c.mdr.missing.fact))
    return { part: 'mdr', ...c.mdr.missing };
  if (c.aiAct.status === 'incomplete' && isAnswerFact(c.aiAct.missing.fact))
    return { part: 'aiAct', ...c.aiAct.missing };
  const u = c.unanswered[0];
  if (u)
    return {
      part: 'transparency',
      fact: u.fact,
      question: u.question,
      answers: ['yes', 'no'],
      citation: u.article,
    };
  return undefined;
}

function Walk({ system }: { system: AiSystem }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [answers, setAnswers] = useState<ClassificationAnswers>(system.answers);
  const preview = useQuery({
    queryKey: ['classification-preview', answers, system.organisationRole],
    queryFn: () =>
      api.previewClassification({ body: { answers, organisationRole: system.organisationRole } }),
    placeholderData: keepPreviousData,
  });
  const save = useMutation({
    mutationFn: async () => {
      await api.updateAiSystem({
        params: { id: system.id },
        body: { ...systemBody(formOf(system), answers), expectedRevision: system.revision },
      });
      return api.classifyAiSystem({ params: { id: system.id } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['ai-system', system.id] });
      void queryClient.invalidateQueries({ queryKey: ['classification', system.id] });
      void queryClient.invalidateQueries({ queryKey: ['ai-systems'] });
      void navigate(`/governance/systems/${system.id}`);
    },
  });
  const c = preview.data;
  const next = c && nextQuestion(c);
  const answer = (fact: string, a: string) => {
    const updated = withAnswer(answers, fact, a);
    if (updated) setAnswers(updated);
  };
  const partTitle = {
    mdr: t('gov.classify.mdr'),
    aiAct: t('gov.classify.aiAct'),
    transparency: t('gov.classify.transparency'),
  };
  return (
    <>
      <P>
        <Link to={`/governance/systems/${system.id}`}>{system.name}</Link> · {system.version}
      </P>
      <ErrorAlert error={preview.error} />
      {!c && preview.isPending && <Loading />}
      {c && (
        <>
          <section aria-labelledby="h-next" className="ai4h-next">
            <Heading level={2} id="h-next">
              {next ? `${t('gov.classify.question')} · ${partTitle[next.part]}` : t('gov.classify.done')}
            </Heading>
            {next ? (
              <QuestionStep
                key={`${next.part}-${next.fact}`}
                q={next}
                onAnswer={(a) => answer(next.fact, a)}
              />
            ) : (
              <Alert kind="ok">
                <P>{t('gov.classify.complete')}</P>
              </Alert>
            )}
          </section>
          <section aria-labelledby="h-result">
            <Heading level={2} id="h-result">
              {t('gov.classify.result')}
            </Heading>
            <dl className="ai4h-facts">
              <dt>{t('gov.classify.aiAct')}</dt>
              <dd data-testid="ai-act-class">
                {c.aiActClass ? label(c.aiActClass, lang) : t('gov.classify.open')}
              </dd>
              <dt>{t('gov.classify.mdr')}</dt>
              <dd data-testid="mdr-class">{c.mdrClass ?? t('gov.classify.open')}</dd>
            </dl>
            {c.duties.length > 0 && (
              <DataTable
                caption={t('gov.classify.duties')}
                columns={[
                  { key: 'who', label: t('gov.classify.who') },
                  { key: 'article', label: t('gov.classify.article') },
                  { key: 'text', label: t('gov.classify.duty') },
                ]}
                rows={c.duties.map((d) => ({
                  who: label(d.who, lang),
                  article: d.article,
                  text: d.text[lang],
                }))}
              />
            )}
            <ErrorAlert error={save.error} />
            <div className="utrecht-button-group">
              <Button onClick={() => save.mutate()} busy={save.isPending}>
                {t('gov.classify.save')}
              </Button>
            </div>
          </section>
          <section aria-labelledby="h-paths">
            <Heading level={2} id="h-paths">
              {t('gov.classify.paths')}
            </Heading>
            <DecisionPath
              title={t('gov.classify.mdr')}
              walk={c.mdr}
              outcome={c.mdrClass}
              onChange={(f) => setAnswers((a) => withoutAnswer(a, f))}
            />
            <DecisionPath
              title={t('gov.classify.aiAct')}
              walk={c.aiAct}
              outcome={c.aiActClass ? label(c.aiActClass, lang) : null}
              onChange={(f) => setAnswers((a) => withoutAnswer(a, f))}
            />
            {c.transparency.length > 0 && (
              <DataTable
                caption={t('gov.classify.transparency')}
                columns={[
                  { key: 'article', label: t('gov.classify.article') },
                  { key: 'text', label: t('gov.classify.duty') },
                ]}
                rows={c.transparency.map((d) => ({ article: d.article, text: d.text[lang] }))}
              />
            )}
            <P>
              <span className="ai4h-mono">
                {c.trees.mdr.id} {c.trees.mdr.version} · {c.trees.aiAct.id} {c.trees.aiAct.version} ·{' '}
                {c.trees.duties.id} {c.trees.duties.version}
              </span>
            </P>
          </section>
        </>
      )}
    </>
  );
}
