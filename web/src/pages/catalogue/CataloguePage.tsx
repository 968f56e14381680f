import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Button, ErrorAlert, Heading, Loading, P, TextField } from '../../ui/ui.tsx';

export default function CataloguePage() {
  const { t, num } = useI18n();
  usePageTitle(t('catalogue.title'));
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [code, setCode] = useState(params.get('code') ?? '');
  const [type, setType] = useState(params.get('type') ?? '');
  const query = {
    ...(params.get('q') ? { q: params.get('q')! } : {}),
    ...(params.get('code') ? { code: params.get('code')! } : {}),
    ...(params.get('type') ? { type: params.get('type')! } : {}),
  };
  const result = useQuery({ queryKey: ['catalogue', query], queryFn: () => api.searchCatalogue({ query }) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (q.trim()) next.set('q', q.trim());
    if (code.trim()) next.set('code', code.trim());
    if (type.trim()) next.set('type', type.trim());
    setParams(next);
  };
  return (
    <>
      <Heading level={1}>{t('catalogue.title')}</Heading>
      <P>{t('catalogue.lead')}</P>
      <search>
        <form aria-label={t('catalogue.search')} onSubmit={submit} className="ai4h-row">
          <TextField label={t('catalogue.q')} type="search" value={q} onChange={setQ} name="q" />
          <TextField
            label={t('catalogue.code')}
            description={t('catalogue.codeHelp')}
            value={code}
            onChange={setCode}
            name="code"
          />
          <TextField
            label={t('catalogue.type')}
            description={t('catalogue.typeHelp')}
            value={type}
            onChange={setType}
            name="type"
          />
          <div className="utrecht-form-field">
            <Button type="submit">{t('catalogue.search')}</Button>
          </div>
        </form>
      </search>
      <ErrorAlert error={result.error} />
      {result.isPending && <Loading />}
      {result.data && (
        <section aria-labelledby="h-results">
          <Heading level={2} id="h-results">
            {t('catalogue.results', { n: num(result.data.length) })}
          </Heading>
          <ul className="ai4h-results">
            {result.data.map((d) => (
              <li key={d.id} className="ai4h-card">
                <Heading level={3}>
                  <Link to={`/catalogue/${encodeURIComponent(d.id)}`}>{d.title}</Link>
                </Heading>
                <P>{d.description}</P>
                <P>
                  {t('catalogue.publisher')}: {d.publisher} · {t('catalogue.station')}: {d.stationName}
                  {d.profile.numberOfUniqueIndividuals !== undefined &&
                    ` · ${t('catalogue.patients', { n: num(d.profile.numberOfUniqueIndividuals) })}`}
                </P>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
