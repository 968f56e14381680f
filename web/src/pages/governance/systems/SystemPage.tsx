import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { AiSystem } from '../../../../../src/api/index.ts';
import { api } from '../../../api/api.ts';
import { useSession } from '../../../api/session.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { usePageTitle } from '../../../layout/Layout.tsx';
import { RequireSignIn } from '../../../ui/RequireSignIn.tsx';
import { DataTable, ErrorAlert, Heading, Loading, P } from '../../../ui/ui.tsx';
import { GovernanceNav } from '../GovernanceNav.tsx';
import { label } from '../labels.ts';
import { RegisterEntryView } from '../register/RegisterEntryView.tsx';

const linkButton = 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action';

/** One AI system: its record, what to do with it, its classification with earlier versions, its register entry. */
export default function SystemPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { user } = useSession();
  const system = useQuery({
    queryKey: ['ai-system', id, user?.id],
    queryFn: () => api.getAiSystem({ params: { id } }),
    enabled: !!user,
  });
  usePageTitle(system.data?.name ?? t('gov.system.title'));
  return (
    <>
      <Heading level={1}>{system.data?.name ?? t('gov.system.title')}</Heading>
      <GovernanceNav />
      <RequireSignIn>
        <ErrorAlert error={system.error} />
        {system.isPending && <Loading />}
        {system.data && <SystemView system={system.data} />}
      </RequireSignIn>
    </>
  );
}

function SystemView({ system: s }: { system: AiSystem }) {
  const { t, lang, date } = useI18n();
  const { user } = useSession();
  const mine = user?.id === s.ownerUserId;
  const base = `/governance/systems/${s.id}`;
  return (
    <>
      <P lead>{s.intendedPurpose}</P>
      <div className="utrecht-button-group">
        {mine && (
          <>
            <Link to={`${base}/edit`} className={linkButton}>
              {t('gov.system.edit')}
            </Link>
            <Link to={`${base}/classify`} className={linkButton}>
              {t('gov.classify.title')}
            </Link>
          </>
        )}
        {s.modelIds.length > 0 && (
          <>
            <Link to={`${base}/documents/annex-iv`} className={linkButton}>
              {t('gov.doc.annexIv')}
            </Link>
            <Link to={`${base}/documents/tripod-ai`} className={linkButton}>
              {t('gov.doc.tripod')}
            </Link>
          </>
        )}
      </div>
      {s.modelIds.length === 0 && <P>{t('gov.system.noDocuments')}</P>}
      <section aria-labelledby="h-record">
        <Heading level={2} id="h-record">
          {t('gov.system.record')}
        </Heading>
        <DataTable
          caption={t('gov.system.record')}
          columns={[
            { key: 'field', label: t('gov.register.field') },
            { key: 'value', label: t('gov.register.value') },
          ]}
          rows={[
            [t('gov.system.version'), s.version],
            [t('gov.system.organisation'), `${s.organisation} (${label(s.organisationRole, lang)})`],
            [t('gov.system.intendedUsers'), s.intendedUsers],
            [t('gov.system.setting'), s.setting],
            [t('gov.system.decisionInformed'), s.decisionInformed],
            [t('gov.system.autonomy'), label(s.autonomy, lang)],
            [t('gov.system.models'), s.modelIds.join(', ') || '–'],
            [t('gov.system.publish'), s.publishInRegister ? t('gov.yes') : t('gov.no')],
            [t('gov.system.revision'), `${s.revision} · ${date(s.updatedAt)}`],
          ].map(([field, value]) => ({ field, value }))}
        />
      </section>
      <Classification system={s} />
      {s.modelIds.length > 0 && <RegisterEntry id={s.id} />}
    </>
  );
}

function Classification({ system: s }: { system: AiSystem }) {
  const { t, lang, date } = useI18n();
  const { user } = useSession();
  const cls = useQuery({
    queryKey: ['classification', s.id, user?.id],
    queryFn: () => api.getClassification({ params: { id: s.id } }),
    retry: false,
  });
  const latest = cls.data?.latest;
  const notYet = (cls.error as { code?: string } | null)?.code === 'notFound';
  return (
    <section aria-labelledby="h-class">
      <Heading level={2} id="h-class">
        {t('gov.classify.result')}
      </Heading>
      {notYet ? <P>{t('gov.classify.none')}</P> : <ErrorAlert error={cls.error} />}
      {cls.isPending && <Loading />}
      {latest && (
        <>
          <P>
            {t('gov.classify.summary', {
              aiAct: label(latest.classification.aiActClass, lang),
              mdr: latest.classification.mdrClass ?? '–',
              revision: latest.systemRevision,
            })}
            {latest.systemRevision !== s.revision && ` ${t('gov.classify.stale')}`}
          </P>
          <DataTable
            caption={t('gov.classify.history')}
            columns={[
              { key: 'when', label: t('gov.classify.when') },
              { key: 'revision', label: t('gov.system.revision'), numeric: true },
              { key: 'aiAct', label: t('gov.classify.aiAct') },
              { key: 'mdr', label: t('gov.classify.mdr') },
            ]}
            rows={(cls.data?.history ?? []).map((h) => ({
              when: date(h.classifiedAt),
              revision: h.systemRevision,
              aiAct: label(h.aiActClass, lang),
              mdr: h.mdrClass ?? '–',
            }))}
          />
        </>
      )}
    </section>
  );
}

function RegisterEntry({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const entry = useQuery({
    queryKey: ['register-entry', id, user?.id],
    queryFn: () => api.algorithmRegisterEntry({ params: { id } }),
  });
  return (
    <section aria-labelledby="h-register">
      <Heading level={2} id="h-register">
        {t('gov.register.title')}
      </Heading>
      <P>{t('gov.register.lead')}</P>
      <ErrorAlert error={entry.error} />
      {entry.isPending && <Loading />}
      {entry.data && <RegisterEntryView value={entry.data} caption={t('gov.register.title')} />}
    </section>
  );
}
