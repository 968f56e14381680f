import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { EvidenceLevels, LandscapeDomains } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { SignedInPage } from '../../../ui/SignedInPage.tsx';
import {
  Alert,
  Button,
  DataTable,
  ErrorAlert,
  Heading,
  Loading,
  P,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { label, optionsOf, splitList } from '../labels.ts';

/**
 * Matchmaking: care organisations post care needs (stewards), developers post AI solutions
 * (researchers); for a need the hub proposes solutions, each with its reasons and classes.
 */
export default function MatchmakingPage() {
  const { t } = useI18n();
  const { user } = useSession();
  return (
    <SignedInPage
      title={t('gov.match.title')}
      lead={t('gov.match.lead')}
      roles={['steward', 'researcher', 'reviewer']}
    >
      <GovernanceNav />
      <Matches />
      {user?.role === 'steward' && <NeedForm />}
      {user?.role === 'researcher' && <SolutionForm />}
      <Solutions />
    </SignedInPage>
  );
}

function Matches() {
  const { t, lang, num } = useI18n();
  const needs = useQuery({ queryKey: ['care-needs'], queryFn: () => api.listCareNeeds() });
  const [chosen, setChosen] = useState('');
  const need = chosen || needs.data?.[0]?.id || '';
  const matches = useQuery({
    queryKey: ['matches', need],
    queryFn: () => api.matchCareNeed({ params: { id: need } }),
    enabled: !!need,
  });
  return (
    <section aria-labelledby="h-needs">
      <Heading level={2} id="h-needs">
        {t('gov.match.needs')}
      </Heading>
      <ErrorAlert error={needs.error} />
      {needs.isPending && <Loading />}
      {needs.data?.length === 0 && <P>{t('gov.match.noNeeds')}</P>}
      {needs.data && needs.data.length > 0 && (
        <>
          <SelectField
            label={t('gov.match.need')}
            value={need}
            onChange={setChosen}
            options={needs.data.map((n) => ({
              value: n.id,
              label: `${n.organisation}: ${n.problem.slice(0, 80)} (${label(n.domain, lang)})`,
            }))}
          />
          <ErrorAlert error={matches.error} />
          {matches.isPending && <Loading />}
          {matches.data && (
            <DataTable
              caption={t('gov.match.proposed')}
              columns={[
                { key: 'solution', label: t('gov.match.solution') },
                { key: 'score', label: t('gov.match.score'), numeric: true },
                { key: 'reasons', label: t('gov.match.reasons') },
                { key: 'stations', label: t('gov.match.feasible') },
                { key: 'classes', label: t('gov.match.classes') },
              ]}
              rows={matches.data.map((m) => ({
                solution: `${m.solution.name} (${m.solution.organisation})`,
                score: num(m.score),
                reasons: (
                  <ul className="ai4h-compact-list">
                    {m.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ),
                stations: m.feasibleStations.join(', ') || '–',
                classes: `${label(m.aiActClass ?? m.solution.statedClass ?? null, lang)} · MDR ${m.mdrClass ?? '–'}`,
              }))}
            />
          )}
        </>
      )}
    </section>
  );
}

function NeedForm() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [f, setF] = useState({ problem: '', domain: 'primary-care', volume: '', codes: '' });
  const [shown, setShown] = useState(false);
  const volume = Number(f.volume);
  const errs = {
    problem: shown && !f.problem.trim() ? t('gov.match.err.problem') : undefined,
    volume:
      shown && (!f.volume || !Number.isInteger(volume) || volume < 0) ? t('gov.match.err.volume') : undefined,
  };
  const post = useMutation({
    mutationFn: () =>
      api.postCareNeed({
        body: {
          problem: f.problem.trim(),
          domain: f.domain as 'primary-care',
          volume,
          conditionCodes: splitList(f.codes),
        },
      }),
    onSuccess: () => {
      setF({ problem: '', domain: f.domain, volume: '', codes: '' });
      setShown(false);
      void queryClient.invalidateQueries({ queryKey: ['care-needs'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!f.problem.trim() || !f.volume || !Number.isInteger(volume) || volume < 0) return;
    post.mutate();
  };
  return (
    <section aria-labelledby="h-need-form">
      <Heading level={2} id="h-need-form">
        {t('gov.match.postNeed')}
      </Heading>
      <form onSubmit={submit} noValidate>
        {post.isSuccess && (
          <Alert kind="ok">
            <P>{t('gov.match.needPosted')}</P>
          </Alert>
        )}
        <ErrorAlert error={post.error} />
        <TextArea
          label={t('gov.match.problem')}
          value={f.problem}
          onChange={(v) => setF({ ...f, problem: v })}
          error={errs.problem}
        />
        <SelectField
          label={t('gov.match.domain')}
          value={f.domain}
          onChange={(v) => setF({ ...f, domain: v })}
          options={optionsOf(LandscapeDomains, lang)}
        />
        <TextField
          label={t('gov.match.volume')}
          type="number"
          value={f.volume}
          onChange={(v) => setF({ ...f, volume: v })}
          error={errs.volume}
        />
        <TextField
          label={t('gov.match.codes')}
          description={t('gov.match.codesHelp')}
          value={f.codes}
          onChange={(v) => setF({ ...f, codes: v })}
        />
        <Button type="submit" busy={post.isPending}>
          {t('gov.match.postNeed')}
        </Button>
      </form>
    </section>
  );
}

function SolutionForm() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const systems = useQuery({ queryKey: ['ai-systems', user?.id], queryFn: () => api.listAiSystems() });
  const blank = {
    name: '',
    intendedUse: '',
    domain: 'primary-care',
    codes: '',
    dataNeeded: '',
    evidence: 'none',
    system: '',
  };
  const [f, setF] = useState(blank);
  const [shown, setShown] = useState(false);
  const errs = {
    name: shown && !f.name.trim() ? t('gov.match.err.name') : undefined,
    intendedUse: shown && !f.intendedUse.trim() ? t('gov.match.err.intendedUse') : undefined,
  };
  const post = useMutation({
    mutationFn: () =>
      api.postSolution({
        body: {
          name: f.name.trim(),
          intendedUse: f.intendedUse.trim(),
          domain: f.domain as 'primary-care',
          conditionCodes: splitList(f.codes),
          dataNeeded: splitList(f.dataNeeded),
          evidence: f.evidence as 'none',
          ...(f.system ? { aiSystemId: f.system } : {}),
        },
      }),
    onSuccess: () => {
      setF(blank);
      setShown(false);
      void queryClient.invalidateQueries({ queryKey: ['solutions'] });
      void queryClient.invalidateQueries({ queryKey: ['matches'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!f.name.trim() || !f.intendedUse.trim()) return;
    post.mutate();
  };
  return (
    <section aria-labelledby="h-solution-form">
      <Heading level={2} id="h-solution-form">
        {t('gov.match.postSolution')}
      </Heading>
      <form onSubmit={submit} noValidate>
        {post.isSuccess && (
          <Alert kind="ok">
            <P>{t('gov.match.solutionPosted')}</P>
          </Alert>
        )}
        <ErrorAlert error={post.error} />
        <TextField
          label={t('gov.match.name')}
          value={f.name}
          onChange={(v) => setF({ ...f, name: v })}
          error={errs.name}
        />
        <TextArea
          label={t('gov.match.intendedUse')}
          value={f.intendedUse}
          onChange={(v) => setF({ ...f, intendedUse: v })}
          error={errs.intendedUse}
        />
        <SelectField
          label={t('gov.match.domain')}
          value={f.domain}
          onChange={(v) => setF({ ...f, domain: v })}
          options={optionsOf(LandscapeDomains, lang)}
        />
        <TextField
          label={t('gov.match.codes')}
          description={t('gov.match.codesHelp')}
          value={f.codes}
          onChange={(v) => setF({ ...f, codes: v })}
        />
        <TextField
          label={t('gov.match.dataNeeded')}
          description={t('gov.match.codesHelp')}
          value={f.dataNeeded}
          onChange={(v) => setF({ ...f, dataNeeded: v })}
        />
        <SelectField
          label={t('gov.match.evidence')}
          value={f.evidence}
          onChange={(v) => setF({ ...f, evidence: v })}
          options={optionsOf(EvidenceLevels, lang)}
        />
        <SelectField
          label={t('gov.match.system')}
          value={f.system}
          onChange={(v) => setF({ ...f, system: v })}
          options={[
            { value: '', label: t('gov.match.noSystem') },
            ...(systems.data ?? []).map((s) => ({ value: s.id, label: `${s.name} ${s.version}` })),
          ]}
        />
        <Button type="submit" busy={post.isPending}>
          {t('gov.match.postSolution')}
        </Button>
      </form>
    </section>
  );
}

function Solutions() {
  const { t, lang } = useI18n();
  const solutions = useQuery({ queryKey: ['solutions'], queryFn: () => api.listSolutions() });
  return (
    <section aria-labelledby="h-solutions">
      <Heading level={2} id="h-solutions">
        {t('gov.match.solutions')}
      </Heading>
      <ErrorAlert error={solutions.error} />
      {solutions.isPending && <Loading />}
      {solutions.data && (
        <DataTable
          caption={t('gov.match.solutions')}
          columns={[
            { key: 'name', label: t('gov.match.name') },
            { key: 'organisation', label: t('stations.organisation') },
            { key: 'domain', label: t('gov.match.domain') },
            { key: 'use', label: t('gov.match.intendedUse') },
            { key: 'evidence', label: t('gov.match.evidence') },
          ]}
          rows={solutions.data.map((s) => ({
            name: s.name,
            organisation: s.organisation,
            domain: label(s.domain, lang),
            use: s.intendedUse,
            evidence: label(s.evidence, lang),
          }))}
        />
      )}
    </section>
  );
}
