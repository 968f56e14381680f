import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import {
  type InitiativeInputSchema,
  LandscapeDomains,
  LandscapeKinds,
  LandscapeRegions,
} from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { Alert, Button, ErrorAlert, Heading, P, SelectField, TextArea, TextField } from '../../../ui/ui.tsx';
import { optionsOf } from '../labels.ts';

type Input = z.input<typeof InitiativeInputSchema>;

const blank = {
  name: '',
  kind: 'project',
  region: 'national',
  domain: 'hospital-care',
  phase: '1',
  organisations: '',
  description: '',
  source: '',
};

/** The access body adds an initiative to the landscape (with the source it comes from). */
export function InitiativeForm() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [f, setF] = useState(blank);
  const [shown, setShown] = useState(false);
  const organisations = f.organisations
    .split(/[,;]/)
    .map((o) => o.trim())
    .filter(Boolean);
  const errs = shown
    ? {
        name: f.name.trim() ? undefined : t('gov.match.err.name'),
        organisations: organisations.length > 0 ? undefined : t('gov.landscape.err.organisations'),
        description: f.description.trim() ? undefined : t('gov.landscape.err.description'),
        source: f.source.trim() ? undefined : t('gov.landscape.err.source'),
      }
    : {};
  const add = useMutation({
    mutationFn: () =>
      api.addInitiative({
        body: {
          name: f.name.trim(),
          kind: f.kind as Input['kind'],
          region: f.region as Input['region'],
          domain: f.domain as Input['domain'],
          phase: Number(f.phase) as Input['phase'],
          organisations,
          description: f.description.trim(),
          source: f.source.trim(),
        },
      }),
    onSuccess: () => {
      setF(blank);
      setShown(false);
      void queryClient.invalidateQueries({ queryKey: ['landscape'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (!f.name.trim() || organisations.length === 0 || !f.description.trim() || !f.source.trim()) return;
    add.mutate();
  };
  return (
    <section aria-labelledby="h-add-initiative">
      <Heading level={2} id="h-add-initiative">
        {t('gov.landscape.add')}
      </Heading>
      <form onSubmit={submit} noValidate>
        {add.isSuccess && (
          <Alert kind="ok">
            <P>{t('gov.landscape.added')}</P>
          </Alert>
        )}
        <ErrorAlert error={add.error} />
        <TextField
          label={t('gov.match.name')}
          value={f.name}
          onChange={(v) => setF({ ...f, name: v })}
          error={errs.name}
        />
        <div className="ai4h-row">
          <SelectField
            label={t('gov.landscape.kind')}
            value={f.kind}
            onChange={(v) => setF({ ...f, kind: v })}
            options={optionsOf(LandscapeKinds, lang)}
          />
          <SelectField
            label={t('gov.landscape.region')}
            value={f.region}
            onChange={(v) => setF({ ...f, region: v })}
            options={optionsOf(LandscapeRegions, lang)}
          />
          <SelectField
            label={t('gov.match.domain')}
            value={f.domain}
            onChange={(v) => setF({ ...f, domain: v })}
            options={optionsOf(LandscapeDomains, lang)}
          />
          <SelectField
            label={t('gov.landscape.phaseHeader')}
            value={f.phase}
            onChange={(v) => setF({ ...f, phase: v })}
            options={[1, 2, 3].map((p) => ({ value: String(p), label: t('gov.landscape.phase', { n: p }) }))}
          />
        </div>
        <TextField
          label={t('gov.landscape.organisations')}
          description={t('gov.landscape.organisationsHelp')}
          value={f.organisations}
          onChange={(v) => setF({ ...f, organisations: v })}
          error={errs.organisations}
        />
        <TextArea
          label={t('gov.landscape.description')}
          value={f.description}
          onChange={(v) => setF({ ...f, description: v })}
          error={errs.description}
          rows={3}
        />
        <TextField
          label={t('gov.landscape.source')}
          value={f.source}
          onChange={(v) => setF({ ...f, source: v })}
          error={errs.source}
        />
        <Button type="submit" busy={add.isPending}>
          {t('gov.landscape.add')}
        </Button>
      </form>
    </section>
  );
}
