import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Alert, Heading, P } from '../../ui/ui.tsx';

/** The frame for governance pages (model registry, model cards, policies): they slot in when the API offers them. */
export default function GovernancePage() {
  const { t } = useI18n();
  usePageTitle(t('governance.title'));
  return (
    <>
      <Heading level={1}>{t('governance.title')}</Heading>
      <P lead>{t('governance.lead')}</P>
      <Alert kind="info">{t('monitoring.notYet')}</Alert>
    </>
  );
}
