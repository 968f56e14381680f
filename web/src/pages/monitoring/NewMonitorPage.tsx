import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { SignedInPage } from '../../ui/SignedInPage.tsx';
import { Alert, Button, ErrorAlert, Fieldset, SelectField, TextArea, TextField } from '../../ui/ui.tsx';
import { MONITOR_EXAMPLES, MONITOR_PURPOSES } from './monitor-examples.ts';

export default function NewMonitorPage() {
  const { t } = useI18n();
  return (
    <SignedInPage title={t('monitoring.new')} lead={t('monitoring.newLead')} roles={['researcher']}>
      <MonitorForm />
    </SignedInPage>
  );
}

type Definition = Record<string, unknown>;

/** Reads the definition text; the reason it is not JSON (or not an object) otherwise. */
function parse(text: string): { definition?: Definition; error?: string } {
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return { error: 'object' };
    return { definition: v as Definition };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * A monitor from a definition: the main fields as a form, the whole definition as JSON (typed, pasted,
 * uploaded or from an example). The hub checks it and names the JSON path of every problem; a refused
 * definition stays on the page as it was.
 */
function MonitorForm() {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fileId = useId();
  const permits = useQuery({ queryKey: ['permits', user?.id], queryFn: () => api.listPermits() });
  const usable = (permits.data ?? []).filter(
    (p) =>
      p.status === 'active' &&
      MONITOR_PURPOSES.includes(p.permit.purpose) &&
      p.permit.algorithms.some((a) => a.name === 'outcome-monitor'),
  );
  const [permitId, setPermitId] = useState('');
  useEffect(() => {
    if (!permitId && usable[0]) setPermitId(usable[0].permit.id);
  }, [permitId, usable]);
  const [text, setText] = useState(() => JSON.stringify(MONITOR_EXAMPLES[0]!.definition, null, 2));
  const [fileError, setFileError] = useState('');
  const parsed = parse(text);
  const d = parsed.definition;
  const exposure = (d?.exposure ?? {}) as { kind?: string; municipalities?: string[] };

  /** Changes one field of the definition (the JSON follows). */
  const setField = (change: (d: Definition) => Definition) => {
    if (d) setText(JSON.stringify(change(d), null, 2));
  };
  const create = useMutation({
    mutationFn: (definition: Definition) => api.createMonitor({ body: { permitId, definition } }),
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: ['monitors'] });
      await navigate(`/monitoring/monitors/${m.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (d) create.mutate(d);
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    const p = parse(content);
    setFileError(p.error ? t('monitoring.fileNotJson', { file: file.name, reason: p.error }) : '');
    setText(content);
  };

  return (
    <form onSubmit={submit} noValidate>
      {permits.data && usable.length === 0 && <Alert kind="warning">{t('monitoring.noPermit')}</Alert>}
      <SelectField
        label={t('monitoring.permit')}
        description={t('monitoring.permitHelp')}
        value={permitId}
        onChange={setPermitId}
        options={usable.map((p) => ({
          value: p.permit.id,
          label: `${p.permit.title} (${p.permit.purpose}) · ${p.permit.id.slice(0, 12)}`,
        }))}
      />
      <Fieldset legend={t('monitoring.definition')}>
        <div className="utrecht-button-group">
          {MONITOR_EXAMPLES.map((x) => (
            <Button
              key={x.key}
              kind="secondary"
              onClick={() => setText(JSON.stringify(x.definition, null, 2))}
            >
              {t('monitoring.example', { name: x.key })}
            </Button>
          ))}
        </div>
        <div className="utrecht-form-field">
          <div className="utrecht-form-field__label">
            <label className="utrecht-form-label" htmlFor={fileId}>
              {t('monitoring.upload')}
            </label>
          </div>
          <input id={fileId} type="file" accept=".json,application/json" onChange={upload} />
        </div>
        {fileError && <Alert kind="error">{fileError}</Alert>}
        <TextField
          label={t('monitoring.name')}
          value={typeof d?.name === 'string' ? d.name : ''}
          onChange={(v) => setField((x) => ({ ...x, name: v }))}
        />
        <TextField
          label={t('monitoring.owner')}
          value={typeof d?.owner === 'string' ? d.owner : ''}
          onChange={(v) => setField((x) => ({ ...x, owner: v }))}
        />
        {exposure.kind === 'municipality' && (
          <TextField
            label={t('monitoring.municipalities')}
            description={t('monitoring.municipalitiesHelp')}
            value={(exposure.municipalities ?? []).join(', ')}
            onChange={(v) =>
              setField((x) => ({
                ...x,
                exposure: {
                  ...exposure,
                  municipalities: v
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                },
              }))
            }
          />
        )}
        <TextField
          label={t('monitoring.start')}
          description={t('monitoring.startHelp')}
          value={typeof d?.start === 'string' ? d.start : ''}
          onChange={(v) => setField((x) => ({ ...x, start: v }))}
        />
        <TextField
          label={t('monitoring.followUp')}
          type="number"
          value={d?.followUpMonths === undefined ? '' : String(d.followUpMonths)}
          onChange={(v) => setField((x) => ({ ...x, followUpMonths: v === '' ? undefined : Number(v) }))}
        />
        <TextArea
          label={t('monitoring.json')}
          description={t('monitoring.jsonHelp')}
          rows={16}
          value={text}
          onChange={setText}
          {...(parsed.error
            ? {
                error:
                  parsed.error === 'object'
                    ? t('monitoring.notObject')
                    : t('monitoring.notJson', { reason: parsed.error }),
              }
            : {})}
        />
      </Fieldset>
      <ErrorAlert error={create.error} />
      <div className="utrecht-button-group">
        <Button type="submit" disabled={!d || !permitId} busy={create.isPending}>
          {t('monitoring.create')}
        </Button>
      </div>
    </form>
  );
}
