import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import {
  Alert,
  Button,
  Checkbox,
  ErrorAlert,
  Fieldset,
  P,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/ui.tsx';
import { ALGORITHMS, algorithmVersion, PURPOSES } from './purposes.ts';

interface RequestForm {
  purpose: string;
  title: string;
  description: string;
  datasets: string[];
  stations: string[];
  algorithms: string[];
  durationDays: string;
  queryBudget: string;
}

const DRAFT = 'ai4h-request-draft';
const blank: RequestForm = {
  purpose: 'research',
  title: '',
  description: '',
  datasets: [],
  stations: [],
  algorithms: ['cohort-feasibility'],
  durationDays: '90',
  queryBudget: '50',
};

/** Problems the form can name before sending (the hub checks everything again and names what it refuses). */
function problems(f: RequestForm, t: (k: Parameters<ReturnType<typeof useI18n>['t']>[0]) => string) {
  const p: Partial<Record<keyof RequestForm, string>> = {};
  if (f.title.trim().length < 3) p.title = t('request.err.title');
  if (!f.description.trim()) p.description = t('request.err.description');
  if (f.stations.length === 0) p.stations = t('request.err.stations');
  if (f.algorithms.length === 0) p.algorithms = t('request.err.algorithms');
  const days = Number(f.durationDays);
  if (!Number.isInteger(days) || days < 1 || days > 3650) p.durationDays = t('request.err.duration');
  const budget = Number(f.queryBudget);
  if (!Number.isInteger(budget) || budget < 1 || budget > 100000) p.queryBudget = t('request.err.budget');
  return p;
}

export default function NewRequestPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('requests.new')} lead={t('request.lead')} roles={['researcher']}>
      <RequestFormView />
    </SignedInPage>
  );
}

function RequestFormView() {
  const { t, lang } = useI18n();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<RequestForm>(() => {
    try {
      const saved = sessionStorage.getItem(DRAFT);
      if (saved) return JSON.parse(saved) as RequestForm;
    } catch {
      // no draft
    }
    const ds = params.get('dataset');
    const st = params.get('station');
    return { ...blank, datasets: ds ? [ds] : [], stations: st ? [st] : [] };
  });
  const [shown, setShown] = useState(false);
  // What was typed survives a failed submit and a reload of the page, until a request is made.
  useEffect(() => sessionStorage.setItem(DRAFT, JSON.stringify(form)), [form]);
  const catalogue = useQuery({
    queryKey: ['catalogue', {}],
    queryFn: () => api.searchCatalogue({ query: {} }),
  });
  const stations = new Map((catalogue.data ?? []).map((d) => [d.stationId, d.stationName]));
  const submit = useMutation({
    mutationFn: () =>
      api.createRequest({
        body: {
          purpose: form.purpose as 'research',
          title: form.title.trim(),
          description: form.description.trim(),
          datasets: form.datasets,
          stations: form.stations,
          algorithms: form.algorithms.map((name) => ({ name, version: algorithmVersion(name) })),
          durationDays: Number(form.durationDays),
          queryBudget: Number(form.queryBudget),
        },
      }),
    onSuccess: () => {
      sessionStorage.removeItem(DRAFT);
      void queryClient.invalidateQueries({ queryKey: ['requests'] });
    },
  });
  const errs = shown ? problems(form, t) : {};
  const toggle = (k: 'datasets' | 'stations' | 'algorithms', v: string, on: boolean) =>
    setForm((f) => ({ ...f, [k]: on ? [...f[k], v] : f[k].filter((x) => x !== v) }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(problems(form, t)).length > 0) return;
    submit.mutate();
  };
  if (submit.data)
    return (
      <Alert kind="ok">
        <P>{t('request.sent', { id: submit.data.id })}</P>
        <P>
          <Link to="/requests">{t('nav.requests')}</Link>
        </P>
      </Alert>
    );
  const errList = Object.values(errs);
  return (
    <form onSubmit={onSubmit} noValidate>
      {errList.length > 0 && (
        <Alert kind="error">
          <P>
            <strong>{t('request.fix')}</strong>
          </P>
          <ul>
            {errList.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </Alert>
      )}
      <ErrorAlert error={submit.error} />
      <SelectField
        label={t('request.purpose')}
        value={form.purpose}
        onChange={(v) => setForm({ ...form, purpose: v })}
        options={Object.entries(PURPOSES).map(([value, l]) => ({ value, label: l[lang] }))}
        name="purpose"
      />
      <TextField
        label={t('request.title')}
        value={form.title}
        onChange={(v) => setForm({ ...form, title: v })}
        error={errs.title}
        name="title"
      />
      <TextArea
        label={t('request.description')}
        description={t('request.descriptionHelp')}
        value={form.description}
        onChange={(v) => setForm({ ...form, description: v })}
        error={errs.description}
        name="description"
      />
      <Fieldset legend={t('request.datasets')}>
        {(catalogue.data ?? []).map((d) => (
          <Checkbox
            key={d.id}
            label={`${d.title} (${d.stationName})`}
            checked={form.datasets.includes(d.id)}
            onChange={(on) => {
              toggle('datasets', d.id, on);
              if (on && !form.stations.includes(d.stationId)) toggle('stations', d.stationId, true);
            }}
          />
        ))}
      </Fieldset>
      <Fieldset legend={t('request.stations')}>
        {errs.stations && <p className="utrecht-form-field-error-message">{errs.stations}</p>}
        {[...stations.entries()].map(([id, name]) => (
          <Checkbox
            key={id}
            label={name}
            checked={form.stations.includes(id)}
            onChange={(on) => toggle('stations', id, on)}
          />
        ))}
      </Fieldset>
      <Fieldset legend={t('request.algorithms')}>
        {errs.algorithms && <p className="utrecht-form-field-error-message">{errs.algorithms}</p>}
        {ALGORITHMS.map((a) => (
          <Checkbox
            key={a}
            label={`${a} ${algorithmVersion(a)}`}
            checked={form.algorithms.includes(a)}
            onChange={(on) => toggle('algorithms', a, on)}
          />
        ))}
      </Fieldset>
      <div className="ai4h-row">
        <TextField
          label={t('request.duration')}
          type="number"
          value={form.durationDays}
          onChange={(v) => setForm({ ...form, durationDays: v })}
          error={errs.durationDays}
          name="durationDays"
        />
        <TextField
          label={t('request.budget')}
          description={t('request.budgetHelp')}
          type="number"
          value={form.queryBudget}
          onChange={(v) => setForm({ ...form, queryBudget: v })}
          error={errs.queryBudget}
          name="queryBudget"
        />
      </div>
      <Button type="submit" busy={submit.isPending}>
        {t('request.submit')}
      </Button>
    </form>
  );
}
