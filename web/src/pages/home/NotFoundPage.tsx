import { Link } from 'react-router';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Heading, P } from '../../ui/ui.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <Heading level={1}>{t('notFound.title')}</Heading>
      <P>
        {t('notFound.text')} <Link to="/">{t('nav.home')}</Link>
      </P>
    </>
  );
}
