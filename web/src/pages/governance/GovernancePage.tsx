import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../ui/ui.tsx';
import { GovernanceNav } from './GovernanceNav.tsx';

/**
 * Governance: the AI systems (each with its record, classification, documents and register entry), the
 * model registry, and the way to the readiness, matchmaking, ELSA and landscape pages. Signed out, the
 * public parts only.
 */
export default function GovernancePage() {
  const { t } = useI18n();
  const { user } = useSession();
  usePageTitle(t('governance.title'));
  return (
    <>
      <Heading level={1}>{t('governance.title')}</Heading>
      <P lead>{t('governance.lead')}</P>
      <GovernanceNav />
      {user ? <Governance /> : <P>{t('gov.publicParts')}</P>}
    </>
  );
}

function Governance() {
  const { t, date } = useI18n();
  const { user } = useSession();
  const models = useQuery({ queryKey: ['models', user?.id], queryFn: () => api.listModels() });
  const systems = useQuery({ queryKey: ['ai-systems', user?.id], queryFn: () => api.listAiSystems() });
  return (
    <>
      <section aria-labelledby="h-systems">
        <Heading level={2} id="h-systems">
          {t('governance.systems')}
        </Heading>
        {user?.role === 'researcher' && (
          <P>
            <Link
              to="/governance/systems/new"
              className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
            >
              {t('gov.system.new')}
            </Link>
          </P>
        )}
        <ErrorAlert error={systems.error} />
        {systems.isPending && <Loading />}
        {systems.data && (
          <DataTable
            caption={t('governance.systems')}
            columns={[
              { key: 'name', label: t('admin.name') },
              { key: 'version', label: t('governance.version') },
              { key: 'organisation', label: t('stations.organisation') },
              { key: 'purpose', label: t('governance.purpose') },
              { key: 'models', label: t('governance.models'), numeric: true },
              { key: 'updated', label: t('governance.updated') },
            ]}
            rows={systems.data.map((s) => ({
              name: <Link to={`/governance/systems/${s.id}`}>{s.name}</Link>,
              version: s.version,
              organisation: s.organisation,
              purpose: s.intendedPurpose,
              models: s.modelIds.length,
              updated: date(s.updatedAt),
            }))}
          />
        )}
      </section>
      <section aria-labelledby="h-models">
        <Heading level={2} id="h-models">
          {t('governance.models')}
        </Heading>
        <ErrorAlert error={models.error} />
        {models.isPending && <Loading />}
        {models.data && (
          <DataTable
            caption={t('governance.models')}
            columns={[
              { key: 'name', label: t('admin.name') },
              { key: 'version', label: t('governance.version') },
              { key: 'permit', label: t('permits.id') },
              { key: 'validations', label: t('governance.validations'), numeric: true },
              { key: 'registered', label: t('governance.registered') },
            ]}
            rows={models.data.map((m) => ({
              name: (
                <Link
                  to={`/models/${encodeURIComponent(m.id)}`}
                  aria-label={t('modelCard.open', { name: m.name, version: m.version })}
                >
                  {m.name}
                </Link>
              ),
              version: m.version,
              permit: <span className="ai4h-mono">{m.trainingPermitId}</span>,
              validations: m.validations,
              registered: date(m.registeredAt),
            }))}
          />
        )}
      </section>
    </>
  );
}
