import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Heading, P } from '../../ui/ui.tsx';

export function HomePage() {
  const { t, num } = useI18n();
  usePageTitle(t('home.title'));
  const datasets = useQuery({
    queryKey: ['catalogue', {}],
    queryFn: () => api.searchCatalogue({ query: {} }),
  });
  const register = useQuery({ queryKey: ['transparency'], queryFn: () => api.transparency() });
  return (
    <>
      <Heading level={1}>{t('home.title')}</Heading>
      <P lead>{t('home.lead')}</P>
      <div className="ai4h-grid">
        <section className="ai4h-card" aria-labelledby="h-how">
          <Heading level={2} id="h-how">
            {t('home.howTitle')}
          </Heading>
          <ol>
            <li>{t('home.how1')}</li>
            <li>{t('home.how2')}</li>
            <li>{t('home.how3')}</li>
            <li>{t('home.how4')}</li>
          </ol>
        </section>
        <section className="ai4h-card" aria-labelledby="h-now">
          <Heading level={2} id="h-now">
            {t('home.nowTitle')}
          </Heading>
          <P>
            {t('home.datasets', { n: datasets.data ? num(datasets.data.length) : '…' })}{' '}
            <Link to="/catalogue">{t('home.toCatalogue')}</Link>
          </P>
          <P>
            {t('home.permits', { n: register.data ? num(register.data.length) : '…' })}{' '}
            <Link to="/transparency">{t('home.toRegister')}</Link>
          </P>
        </section>
        <section className="ai4h-card" aria-labelledby="h-who">
          <Heading level={2} id="h-who">
            {t('home.whoTitle')}
          </Heading>
          <ul>
            <li>{t('home.whoResearcher')}</li>
            <li>{t('home.whoSteward')}</li>
            <li>{t('home.whoReviewer')}</li>
            <li>{t('home.whoPublic')}</li>
          </ul>
        </section>
      </div>
    </>
  );
}
