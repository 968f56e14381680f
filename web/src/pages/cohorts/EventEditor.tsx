import { useId } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { Checkbox, Fieldset, SelectField, TextField } from '../../ui/ui.tsx';
import { Domains, type EventForm, Settings, VirtualKinds } from './cohort-form.ts';

/** One event: its domain and the codes (or encounter settings) it matches; codes come with a look-up list. */
export function EventEditor({
  value,
  onChange,
  legend,
  codeListId,
}: {
  value: EventForm;
  onChange(v: EventForm): void;
  legend: string;
  codeListId: string;
}) {
  const { t } = useI18n();
  const inputId = useId();
  const set = (patch: Partial<EventForm>) => onChange({ ...value, ...patch });
  return (
    <Fieldset legend={legend}>
      <div className="ai4h-row">
        <SelectField
          label={t('cohort.domain')}
          value={value.domain}
          onChange={(d) => set({ domain: d as EventForm['domain'] })}
          options={Domains.map((d) => ({ value: d, label: t(`domain.${d}` as TextKey) }))}
        />
        {value.domain !== 'encounter' && (
          <div className="utrecht-form-field">
            <label className="utrecht-form-label" htmlFor={inputId}>
              {value.domain === 'medication' ? t('cohort.atc') : t('cohort.codes')}
            </label>
            <div className="utrecht-form-field-description">{t('cohort.codesHelp')}</div>
            <input
              id={inputId}
              className="utrecht-textbox utrecht-textbox--html-input"
              list={codeListId}
              value={value.codes}
              onChange={(e) => set({ codes: e.target.value })}
            />
          </div>
        )}
        {value.domain === 'condition' && (
          <TextField
            label={t('cohort.icd10')}
            description={t('cohort.icd10Help')}
            value={value.icd10}
            onChange={(v) => set({ icd10: v })}
          />
        )}
      </div>
      {value.domain === 'observation' && (
        <div className="ai4h-row">
          <TextField
            label={t('cohort.valueGt')}
            type="number"
            value={value.valueGt}
            onChange={(v) => set({ valueGt: v })}
          />
          <TextField
            label={t('cohort.valueLt')}
            type="number"
            value={value.valueLt}
            onChange={(v) => set({ valueLt: v })}
          />
          <TextField label={t('cohort.unit')} value={value.unit} onChange={(v) => set({ unit: v })} />
        </div>
      )}
      {value.domain === 'encounter' && (
        <Fieldset legend={t('cohort.settings')}>
          {Settings.map((s) => (
            <Checkbox
              key={s}
              label={t(`setting.${s}` as TextKey)}
              checked={value.settings.includes(s)}
              onChange={(on) =>
                set({ settings: on ? [...value.settings, s] : value.settings.filter((x) => x !== s) })
              }
            />
          ))}
        </Fieldset>
      )}
      {value.domain === 'encounter' && (
        <>
          <Fieldset legend={t('cohort.virtualKinds')}>
            {VirtualKinds.map((k) => (
              <Checkbox
                key={k}
                label={t(`virtual.${k}` as TextKey)}
                checked={value.virtualKinds.includes(k)}
                onChange={(on) =>
                  set({
                    virtualKinds: on ? [...value.virtualKinds, k] : value.virtualKinds.filter((x) => x !== k),
                  })
                }
              />
            ))}
          </Fieldset>
          <div className="ai4h-row">
            <TextField
              label={t('cohort.classCodes')}
              description={t('cohort.classCodesHelp')}
              value={value.classCodes}
              onChange={(v) => set({ classCodes: v })}
            />
            <TextField
              label={t('cohort.priorities')}
              description={t('cohort.prioritiesHelp')}
              value={value.priorities}
              onChange={(v) => set({ priorities: v })}
            />
          </div>
        </>
      )}
    </Fieldset>
  );
}
