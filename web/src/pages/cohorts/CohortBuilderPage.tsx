import { useQuery } from '@tanstack/react-query';
import { type ChangeEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { RunView } from '../../../../src/api/index.ts';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { download } from '../../ui/download.ts';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import {
  Alert,
  Button,
  Checkbox,
  ErrorAlert,
  Fieldset,
  Heading,
  P,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/ui.tsx';
import { systemName } from '../catalogue/DatasetPage.tsx';
import { CohortResultView, type CombinedCohort } from '../runs/results/CohortResultView.tsx';
import { startAndFollow } from '../runs/run-client.ts';
import { StationProgress } from '../runs/StationProgress.tsx';
import {
  type CohortForm,
  type CriterionForm,
  emptyCohort,
  emptyCriterion,
  fromDefinition,
  isComplete,
  toDefinition,
} from './cohort-form.ts';
import { EventEditor } from './EventEditor.tsx';

const SAVED = 'ai4h-cohorts';
const DRAFT = 'ai4h-cohort-draft';
const FEASIBILITY = { name: 'cohort-feasibility', version: '1.0.0' };

function savedCohorts(): Record<string, unknown> {
  try {
    return JSON.parse(localStorage.getItem(SAVED) ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

function CriterionEditor({
  value,
  onChange,
  onRemove,
  legend,
  codeListId,
}: {
  value: CriterionForm;
  onChange(v: CriterionForm): void;
  onRemove(): void;
  legend: string;
  codeListId: string;
}) {
  const { t } = useI18n();
  const set = (patch: Partial<CriterionForm>) => onChange({ ...value, ...patch });
  return (
    <div className="ai4h-criterion">
      <TextField
        label={`${legend}: ${t('cohort.criterionName')}`}
        value={value.name}
        onChange={(v) => set({ name: v })}
      />
      <EventEditor
        legend={`${legend}: ${t('cohort.event')}`}
        value={value.event}
        onChange={(event) => set({ event })}
        codeListId={codeListId}
      />
      <div className="ai4h-row">
        <SelectField
          label={`${legend}: ${t('cohort.window')}`}
          value={value.direction}
          onChange={(v) => set({ direction: v as CriterionForm['direction'] })}
          options={[
            { value: '', label: t('cohort.window.any') },
            { value: 'before', label: t('cohort.window.before') },
            { value: 'after', label: t('cohort.window.after') },
            { value: 'around', label: t('cohort.window.around') },
          ]}
        />
        {value.direction && (
          <TextField
            label={`${legend}: ${t('cohort.days')}`}
            type="number"
            value={value.days}
            onChange={(v) => set({ days: v })}
          />
        )}
        <SelectField
          label={`${legend}: ${t('cohort.occurrence')}`}
          value={value.occurrence}
          onChange={(v) => set({ occurrence: v as CriterionForm['occurrence'] })}
          options={(['atLeast', 'atMost', 'exactly'] as const).map((o) => ({
            value: o,
            label: t(`cohort.occ.${o}` as TextKey),
          }))}
        />
        <TextField
          label={`${legend}: ${t('cohort.times')}`}
          type="number"
          value={value.count}
          onChange={(v) => set({ count: v })}
        />
      </div>
      <Button kind="subtle" onClick={onRemove}>
        {t('cohort.remove', { what: legend })}
      </Button>
    </div>
  );
}

export default function CohortBuilderPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('cohort.title')} lead={t('cohort.lead')} roles={['researcher']}>
      <Builder />
    </SignedInPage>
  );
}

function Builder() {
  const { t } = useI18n();
  const { user } = useSession();
  const codeListId = useId();
  const [form, setForm] = useState<CohortForm>(() => {
    try {
      const draft = localStorage.getItem(DRAFT);
      return draft ? (JSON.parse(draft) as CohortForm) : emptyCohort();
    } catch {
      return emptyCohort();
    }
  });
  const [permitId, setPermitId] = useState('');
  const [live, setLive] = useState(true);
  const [run, setRun] = useState<RunView>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [saved, setSaved] = useState(savedCohorts);
  const [pick, setPick] = useState('');
  const abort = useRef<AbortController>(undefined);

  const permits = useQuery({ queryKey: ['permits', user?.id], queryFn: () => api.listPermits() });
  const stations = useQuery({ queryKey: ['stations'], queryFn: () => api.listStations({ query: {} }) });
  const catalogue = useQuery({
    queryKey: ['catalogue', {}],
    queryFn: () => api.searchCatalogue({ query: {} }),
  });
  const usable = (permits.data ?? []).filter(
    (p) => p.status === 'active' && p.permit.algorithms.some((a) => a.name === FEASIBILITY.name),
  );
  useEffect(() => {
    if (!permitId && usable[0]) setPermitId(usable[0].permit.id);
  }, [permitId, usable]);
  const codes = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of catalogue.data ?? [])
      for (const c of d.profile.codes ?? [])
        seen.set(c.code, `${systemName(c.system)}${c.display ? ` · ${c.display}` : ''}`);
    return [...seen.entries()];
  }, [catalogue.data]);
  const names = useMemo(() => new Map((stations.data ?? []).map((s) => [s.id, s.name])), [stations.data]);

  const definition = useMemo(() => toDefinition(form), [form]);
  const key = JSON.stringify(definition);
  useEffect(() => {
    localStorage.setItem(DRAFT, JSON.stringify(form));
  }, [form]);

  const check = async () => {
    if (!permitId) return;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setError(undefined);
    try {
      const done = await startAndFollow(
        permitId,
        FEASIBILITY,
        { cohort: definition },
        setRun,
        controller.signal,
      );
      if (!controller.signal.aborted) setRun(done);
    } catch (e) {
      if (!controller.signal.aborted) setError(e);
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };
  // Live feasibility: a moment after the last change to a complete definition, ask the stations again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the definition's JSON is the trigger
  useEffect(() => {
    if (!live || !permitId || !isComplete(form)) return;
    const timer = setTimeout(() => void check(), 1200);
    return () => clearTimeout(timer);
  }, [key, live, permitId]);

  const update = (patch: Partial<CohortForm>) => setForm((f) => ({ ...f, ...patch }));
  const setCrit = (kind: 'inclusion' | 'exclusion', i: number, v: CriterionForm | undefined) =>
    setForm((f) => ({
      ...f,
      [kind]: v === undefined ? f[kind].filter((_, j) => j !== i) : f[kind].map((c, j) => (j === i ? v : c)),
    }));

  const save = () => {
    const name = form.name.trim() || t('cohort.untitled');
    const next = { ...savedCohorts(), [name]: definition };
    localStorage.setItem(SAVED, JSON.stringify(next));
    setSaved(next);
    setNotice(t('cohort.saved', { name }));
  };
  const load = () => {
    if (pick && saved[pick]) {
      setForm(fromDefinition(saved[pick]));
      setNotice(t('cohort.loaded', { name: pick }));
    }
  };
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      setForm(fromDefinition(JSON.parse(await file.text())));
      setNotice(t('cohort.imported', { name: file.name }));
    } catch {
      setError({ code: 'badInput', message: t('cohort.importFailed', { name: file.name }) });
    }
    e.target.value = '';
  };

  const result = run?.status === 'done' ? (run.result as CombinedCohort | undefined) : undefined;
  return (
    <div className="ai4h-builder">
      <datalist id={codeListId}>
        {codes.map(([code, label]) => (
          <option key={code} value={code}>
            {label}
          </option>
        ))}
      </datalist>
      {notice && <Alert kind="ok">{notice}</Alert>}
      <section aria-labelledby="h-def">
        <Heading level={2} id="h-def">
          {t('cohort.definition')}
        </Heading>
        <TextField
          label={t('cohort.name')}
          value={form.name}
          onChange={(v) => update({ name: v })}
          name="cohort-name"
        />
        <TextArea
          label={t('cohort.description')}
          value={form.description}
          onChange={(v) => update({ description: v })}
          rows={2}
        />
        <EventEditor
          legend={t('cohort.entry')}
          value={form.entry}
          onChange={(entry) => update({ entry })}
          codeListId={codeListId}
        />
        <div className="ai4h-row">
          <SelectField
            label={t('cohort.entryOccurrence')}
            value={form.entryOccurrence}
            onChange={(v) => update({ entryOccurrence: v as CohortForm['entryOccurrence'] })}
            options={[
              { value: 'first', label: t('cohort.first') },
              { value: 'all', label: t('cohort.all') },
            ]}
          />
          <TextField
            label={t('cohort.from')}
            type="date"
            value={form.from}
            onChange={(v) => update({ from: v })}
          />
          <TextField label={t('cohort.to')} type="date" value={form.to} onChange={(v) => update({ to: v })} />
        </div>
        <Fieldset legend={t('cohort.demographics')}>
          <div className="ai4h-row">
            <TextField
              label={t('cohort.ageMin')}
              type="number"
              value={form.ageMin}
              onChange={(v) => update({ ageMin: v })}
            />
            <TextField
              label={t('cohort.ageMax')}
              type="number"
              value={form.ageMax}
              onChange={(v) => update({ ageMax: v })}
            />
          </div>
          {(['female', 'male'] as const).map((s) => (
            <Checkbox
              key={s}
              label={t(`sex.${s}`)}
              checked={form.sex.includes(s)}
              onChange={(on) => update({ sex: on ? [...form.sex, s] : form.sex.filter((x) => x !== s) })}
            />
          ))}
        </Fieldset>
        {(['inclusion', 'exclusion'] as const).map((kind) => (
          <section key={kind} aria-labelledby={`h-${kind}`}>
            <Heading level={3} id={`h-${kind}`}>
              {t(`cohort.${kind}`)}
            </Heading>
            {form[kind].map((c, i) => (
              <CriterionEditor
                // biome-ignore lint/suspicious/noArrayIndexKey: criteria are edited in place by position
                key={i}
                legend={`${t(`cohort.${kind}1`)} ${i + 1}`}
                value={c}
                onChange={(v) => setCrit(kind, i, v)}
                onRemove={() => setCrit(kind, i, undefined)}
                codeListId={codeListId}
              />
            ))}
            <Button kind="secondary" onClick={() => update({ [kind]: [...form[kind], emptyCriterion()] })}>
              {t(`cohort.add.${kind}`)}
            </Button>
          </section>
        ))}
      </section>

      <section aria-labelledby="h-save">
        <Heading level={2} id="h-save">
          {t('cohort.saveLoad')}
        </Heading>
        <div className="ai4h-row">
          <Button kind="secondary" onClick={save}>
            {t('cohort.save')}
          </Button>
          <SelectField
            label={t('cohort.savedList')}
            value={pick}
            onChange={setPick}
            options={[{ value: '', label: '–' }, ...Object.keys(saved).map((n) => ({ value: n, label: n }))]}
          />
          <div className="utrecht-form-field">
            <Button kind="secondary" onClick={load} disabled={!pick}>
              {t('cohort.load')}
            </Button>
          </div>
          <div className="utrecht-form-field">
            <Button
              kind="secondary"
              onClick={() =>
                download(
                  `${(form.name || 'cohort').replace(/\W+/g, '-')}.json`,
                  JSON.stringify(definition, null, 2),
                  'application/json',
                )
              }
            >
              {t('cohort.export')}
            </Button>
          </div>
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor="cohort-import">
              {t('cohort.import')}
            </label>
            <input id="cohort-import" type="file" accept="application/json,.json" onChange={importFile} />
          </div>
          <div className="utrecht-form-field">
            <Button kind="subtle" onClick={() => setForm(emptyCohort())}>
              {t('cohort.clear')}
            </Button>
          </div>
        </div>
        <details>
          <summary>{t('cohort.json')}</summary>
          <pre className="ai4h-mono">{JSON.stringify(definition, null, 2)}</pre>
        </details>
      </section>

      <section aria-labelledby="h-feas">
        <Heading level={2} id="h-feas">
          {t('cohort.feasibility')}
        </Heading>
        {permits.data && usable.length === 0 ? (
          <Alert kind="info">
            <P>
              {t('cohort.noPermit')} <Link to="/requests/new">{t('requests.new')}</Link>
            </P>
          </Alert>
        ) : (
          <div className="ai4h-row">
            <SelectField
              label={t('cohort.permit')}
              value={permitId}
              onChange={setPermitId}
              options={usable.map((p) => ({
                value: p.permit.id,
                label: `${p.permit.title} (${p.permit.id.slice(0, 8)})`,
              }))}
            />
            <Checkbox label={t('cohort.live')} checked={live} onChange={setLive} />
            <div className="utrecht-form-field">
              <Button onClick={() => void check()} busy={busy} disabled={!permitId}>
                {t('cohort.check')}
              </Button>
            </div>
          </div>
        )}
        <P>{t('cohort.budgetNote')}</P>
        <ErrorAlert error={error} />
        {run && <StationProgress run={run} />}
        {run?.status === 'failed' && <Alert kind="error">{run.error ?? t('run.status.failed')}</Alert>}
        {result && <CohortResultView result={result} stationNames={names} />}
        {result && (
          <P>
            <Link to="/requests/new">{t('cohort.requestWith')}</Link>
          </P>
        )}
      </section>
    </div>
  );
}
