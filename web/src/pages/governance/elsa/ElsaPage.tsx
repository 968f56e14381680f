import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ElsaQuestion } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { usePageTitle } from '../../../layout/Layout.tsx';
import {
  Alert,
  Button,
  Checkbox,
  ErrorAlert,
  Heading,
  Loading,
  P,
  TextArea,
  TextField,
} from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { splitList } from '../labels.ts';

/**
 * The ELSA desk: published guidance for everyone (search by text and tag); signed in, ask a question
 * (experts never see who asked) and follow your questions; experts answer and may publish anonymised.
 */
export default function ElsaPage() {
  const { t } = useI18n();
  const { user } = useSession();
  usePageTitle(t('gov.elsa.title'));
  return (
    <>
      <Heading level={1}>{t('gov.elsa.title')}</Heading>
      <P lead>{t('gov.elsa.lead')}</P>
      <GovernanceNav />
      {user ? (
        <>
          <Ask />
          <Questions />
        </>
      ) : (
        <P>{t('gov.elsa.signInToAsk')}</P>
      )}
      <Guidance />
    </>
  );
}

function Ask() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState('');
  const [tags, setTags] = useState('');
  const [shown, setShown] = useState(false);
  const tooShort = question.trim().length < 10;
  const ask = useMutation({
    mutationFn: () => api.askElsa({ body: { question: question.trim(), tags: splitList(tags) } }),
    onSuccess: () => {
      setQuestion('');
      setTags('');
      setShown(false);
      void queryClient.invalidateQueries({ queryKey: ['elsa-questions'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!tooShort) ask.mutate();
  };
  return (
    <section aria-labelledby="h-ask">
      <Heading level={2} id="h-ask">
        {t('gov.elsa.ask')}
      </Heading>
      <P>{t('gov.elsa.anonymous')}</P>
      <form onSubmit={submit} noValidate>
        {ask.isSuccess && (
          <Alert kind="ok">
            <P>{t('gov.elsa.asked')}</P>
          </Alert>
        )}
        <ErrorAlert error={ask.error} />
        <TextArea
          label={t('gov.elsa.question')}
          value={question}
          onChange={setQuestion}
          error={shown && tooShort ? t('gov.elsa.err.short') : undefined}
        />
        <TextField
          label={t('gov.elsa.tags')}
          description={t('gov.elsa.tagsHelp')}
          value={tags}
          onChange={setTags}
        />
        <Button type="submit" busy={ask.isPending}>
          {t('gov.elsa.send')}
        </Button>
      </form>
    </section>
  );
}

function Questions() {
  const { t } = useI18n();
  const { user } = useSession();
  const list = useQuery({ queryKey: ['elsa-questions', user?.id], queryFn: () => api.listElsaQuestions() });
  return (
    <section aria-labelledby="h-questions">
      <Heading level={2} id="h-questions">
        {t('gov.elsa.questions')}
      </Heading>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.data?.length === 0 && <P>{t('gov.elsa.noQuestions')}</P>}
      {list.data?.map((q) => (
        <QuestionView key={q.id} q={q} />
      ))}
    </section>
  );
}

function QuestionView({ q }: { q: ElsaQuestion }) {
  const { t, date } = useI18n();
  return (
    <article className="ai4h-card" aria-label={t('gov.elsa.questionOf', { when: date(q.askedAt) })}>
      <P>
        <strong>{q.question}</strong>
      </P>
      <P>
        {date(q.askedAt)} · {q.status === 'open' ? t('gov.elsa.open') : t('gov.elsa.answered')}
        {q.askedByMe ? ` · ${t('gov.elsa.mine')}` : ''}
        {q.tags.length > 0 ? ` · ${q.tags.join(', ')}` : ''}
        {q.published ? ` · ${t('gov.elsa.published')}` : ''}
      </P>
      {q.answer && <P>{q.answer}</P>}
      {q.status === 'open' && !q.askedByMe && <AnswerForm q={q} />}
    </article>
  );
}

/** Shown to experts only (they are the ones who see others' questions). */
function AnswerForm({ q }: { q: ElsaQuestion }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState('');
  const [publish, setPublish] = useState(false);
  const [rewritten, setRewritten] = useState(q.question);
  const [shown, setShown] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      api.answerElsa({
        params: { id: q.id },
        body: {
          answer: answer.trim(),
          publish,
          ...(publish && rewritten.trim() !== q.question ? { publishedQuestion: rewritten.trim() } : {}),
        },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['elsa-questions'] });
      void queryClient.invalidateQueries({ queryKey: ['elsa-guidance'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (answer.trim()) send.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={send.error} />
      <TextArea
        label={t('gov.elsa.answer')}
        value={answer}
        onChange={setAnswer}
        error={shown && !answer.trim() ? t('gov.elsa.err.answer') : undefined}
      />
      <Checkbox label={t('gov.elsa.publish')} checked={publish} onChange={setPublish} />
      {publish && (
        <TextArea
          label={t('gov.elsa.rewrite')}
          description={t('gov.elsa.rewriteHelp')}
          value={rewritten}
          onChange={setRewritten}
        />
      )}
      <Button type="submit" busy={send.isPending}>
        {t('gov.elsa.sendAnswer')}
      </Button>
    </form>
  );
}

function Guidance() {
  const { t, date } = useI18n();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState('');
  const [search, setSearch] = useState<{ q?: string; tag?: string }>({});
  const guidance = useQuery({
    queryKey: ['elsa-guidance', search],
    queryFn: () => api.elsaGuidance({ query: search }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch({ ...(q.trim() ? { q: q.trim() } : {}), ...(tag.trim() ? { tag: tag.trim() } : {}) });
  };
  return (
    <section aria-labelledby="h-guidance">
      <Heading level={2} id="h-guidance">
        {t('gov.elsa.guidance')}
      </Heading>
      <form onSubmit={submit} className="ai4h-row">
        <TextField label={t('gov.elsa.searchText')} type="search" value={q} onChange={setQ} />
        <TextField label={t('gov.elsa.searchTag')} value={tag} onChange={setTag} />
        <Button type="submit">{t('catalogue.search')}</Button>
      </form>
      <ErrorAlert error={guidance.error} />
      {guidance.isPending && <Loading />}
      {guidance.data?.length === 0 && <P>{t('gov.elsa.noGuidance')}</P>}
      {guidance.data?.map((g) => (
        <article key={g.id} className="ai4h-card" aria-label={g.question.slice(0, 80)}>
          <P>
            <strong>{g.question}</strong>
          </P>
          <P>{g.answer}</P>
          <P>
            {date(g.answeredAt)}
            {g.tags.length > 0 ? ` · ${g.tags.join(', ')}` : ''}
          </P>
        </article>
      ))}
    </section>
  );
}
