import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/api.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ErrorAlert, Heading, Loading, P } from '../../../ui/ui.tsx';
import { RegisterEntryView } from './RegisterEntryView.tsx';

/** The Algoritmeregister entries of the AI systems whose owners publish them, for everyone. */
export function PublicRegister() {
  const { t } = useI18n();
  const entries = useQuery({ queryKey: ['public-register'], queryFn: () => api.publicAlgorithmRegister() });
  return (
    <section aria-labelledby="h-algorithms">
      <Heading level={2} id="h-algorithms">
        {t('gov.register.public')}
      </Heading>
      <P>{t('gov.register.publicLead')}</P>
      <ErrorAlert error={entries.error} />
      {entries.isPending && <Loading />}
      {entries.data?.length === 0 && <P>{t('gov.register.noneYet')}</P>}
      {entries.data?.map((e) => (
        <article key={e.systemId} aria-labelledby={`reg-${e.systemId}`} className="ai4h-card">
          <Heading level={3} id={`reg-${e.systemId}`}>
            {e.entry.name}
          </Heading>
          <RegisterEntryView value={e} caption={`${t('gov.register.title')}: ${e.entry.name}`} />
        </article>
      ))}
    </section>
  );
}
