import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Alert, Heading, P } from '../../ui/ui.tsx';

/**
 * The frame for the insurer's and region's dashboards (care innovations against a matched control, the
 * regional picture, hybrid care) and the public monitor for patient councils: their pages slot in here
 * when the hub's API offers them.
 */
export default function MonitoringPage() {
  const { t } = useI18n();
  usePageTitle(t('monitoring.title'));
  return (
    <>
      <Heading level={1}>{t('monitoring.title')}</Heading>
      <P lead>{t('monitoring.lead')}</P>
      <ul>
        <li>{t('monitoring.innovation')}</li>
        <li>{t('monitoring.region')}</li>
        <li>{t('monitoring.hybrid')}</li>
        <li>{t('monitoring.public')}</li>
      </ul>
      <Alert kind="info">{t('monitoring.notYet')}</Alert>
    </>
  );
}
