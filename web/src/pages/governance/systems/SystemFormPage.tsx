import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { type AiSystem, Autonomies, OrganisationRoles } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { TextKey } from '../../../i18n/nl.ts';
import { SignedInPage } from '../../../ui/SignedInPage.tsx';
import {
  Alert,
  Button,
  Checkbox,
  ErrorAlert,
  Fieldset,
  Loading,
  P,
  SelectField,
  TextArea,
  TextField,
} from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { optionsOf } from '../labels.ts';
import { blankSystem, formOf, MAX, type SystemForm, systemBody, systemProblems } from './system-form.ts';

/** Create an AI system (no id) or edit one (`/governance/systems/:id/edit`). */
export default function SystemFormPage() {
  const { t } = useI18n();
  const { id } = useParams();
  return (
    <SignedInPage
      title={id ? t('gov.system.edit') : t('gov.system.new')}
      lead={t('gov.system.formLead')}
      roles={['researcher']}
    >
      <GovernanceNav />
      {id ? <EditSystem id={id} /> : <SystemFormView />}
    </SignedInPage>
  );
}

function EditSystem({ id }: { id: string }) {
  const { user } = useSession();
  const system = useQuery({
    queryKey: ['ai-system', id, user?.id],
    queryFn: () => api.getAiSystem({ params: { id } }),
  });
  if (system.isPending) return <Loading />;
  if (!system.data) return <ErrorAlert error={system.error} />;
  return <SystemFormView system={system.data} />;
}

const FIELD_KEYS: Record<keyof typeof MAX, TextKey> = {
  name: 'gov.system.name',
  version: 'gov.system.version',
  organisation: 'gov.system.organisation',
  intendedPurpose: 'gov.system.intendedPurpose',
  intendedUsers: 'gov.system.intendedUsers',
  setting: 'gov.system.setting',
  decisionInformed: 'gov.system.decisionInformed',
};

function SystemFormView({ system }: { system?: AiSystem }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<SystemForm>(() => (system ? formOf(system) : blankSystem));
  const [shown, setShown] = useState(false);
  const models = useQuery({ queryKey: ['models', user?.id], queryFn: () => api.listModels() });
  const save = useMutation({
    mutationFn: () =>
      system
        ? api.updateAiSystem({
            params: { id: system.id },
            body: { ...systemBody(form, system.answers), expectedRevision: system.revision },
          })
        : api.createAiSystem({ body: systemBody(form) }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['ai-systems'] });
      void queryClient.invalidateQueries({ queryKey: ['ai-system', saved.id] });
      void navigate(`/governance/systems/${saved.id}`);
    },
  });
  const errs = shown ? systemProblems(form) : {};
  const message = (k: keyof typeof MAX) => {
    const p = errs[k];
    if (!p) return undefined;
    return p === 'empty'
      ? t('gov.system.err.empty', { field: t(FIELD_KEYS[k]) })
      : t('gov.system.err.tooLong', { field: t(FIELD_KEYS[k]), max: MAX[k] });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(systemProblems(form)).length > 0) return;
    save.mutate();
  };
  const text = (k: keyof typeof MAX, area = false, help?: TextKey) => {
    const common = {
      label: t(FIELD_KEYS[k]),
      value: form[k],
      onChange: (v: string) => setForm((f) => ({ ...f, [k]: v })),
      error: message(k),
      name: k,
      ...(help ? { description: t(help) } : {}),
    };
    return area ? <TextArea {...common} rows={3} /> : <TextField {...common} />;
  };
  const errList = (Object.keys(errs) as (keyof typeof MAX)[]).map(message).filter(Boolean);
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
      <ErrorAlert error={save.error} />
      {text('name')}
      {text('version')}
      {text('organisation', false, 'gov.system.organisationHelp')}
      <SelectField
        label={t('gov.system.organisationRole')}
        value={form.organisationRole}
        onChange={(v) => setForm({ ...form, organisationRole: v })}
        options={optionsOf(OrganisationRoles, lang)}
        name="organisationRole"
      />
      {text('intendedPurpose', true, 'gov.system.intendedPurposeHelp')}
      {text('intendedUsers', true)}
      {text('setting', true, 'gov.system.settingHelp')}
      {text('decisionInformed', true)}
      <SelectField
        label={t('gov.system.autonomy')}
        value={form.autonomy}
        onChange={(v) => setForm({ ...form, autonomy: v })}
        options={optionsOf(Autonomies, lang)}
        name="autonomy"
      />
      <Fieldset legend={t('gov.system.models')}>
        <ErrorAlert error={models.error} />
        {models.data?.length === 0 && <P>{t('gov.system.noModels')}</P>}
        {(models.data ?? []).map((m) => (
          <Checkbox
            key={m.id}
            label={`${m.name} ${m.version}`}
            checked={form.modelIds.includes(m.id)}
            onChange={(on) =>
              setForm((f) => ({
                ...f,
                modelIds: on ? [...f.modelIds, m.id] : f.modelIds.filter((x) => x !== m.id),
              }))
            }
          />
        ))}
      </Fieldset>
      <Checkbox
        label={t('gov.system.publish')}
        checked={form.publishInRegister}
        onChange={(v) => setForm({ ...form, publishInRegister: v })}
      />
      <div className="utrecht-button-group">
        <Button type="submit" busy={save.isPending}>
          {system ? t('gov.system.save') : t('gov.system.create')}
        </Button>
      </div>
    </form>
  );
}
