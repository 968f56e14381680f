import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, P, TextField } from '../../ui/ui.tsx';

export default function AdminPage() {
  const { t } = useI18n();
  usePageTitle(t('admin.title'));
  return (
    <>
      <Heading level={1}>{t('admin.title')}</Heading>
      <RequireSignIn>
        <Admin />
      </RequireSignIn>
    </>
  );
}

function Admin() {
  const { t, date } = useI18n();
  const { user } = useSession();
  const orgs = useQuery({ queryKey: ['organisations'], queryFn: () => api.listOrganisations() });
  const users = useQuery({
    queryKey: ['users'],
    queryFn: () => api.listUsers({ query: {} }),
    enabled: user?.role === 'admin' || user?.role === 'auditor',
  });
  const orgName = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
  return (
    <>
      <section aria-labelledby="h-orgs">
        <Heading level={2} id="h-orgs">
          {t('admin.organisations')}
        </Heading>
        <ErrorAlert error={orgs.error} />
        <DataTable
          caption={t('admin.organisations')}
          columns={[
            { key: 'name', label: t('admin.name') },
            { key: 'kind', label: t('admin.kind') },
            { key: 'created', label: t('common.created') },
          ]}
          rows={(orgs.data ?? []).map((o) => ({ name: o.name, kind: o.kind, created: date(o.createdAt) }))}
        />
      </section>
      {users.data && (
        <section aria-labelledby="h-users">
          <Heading level={2} id="h-users">
            {t('admin.users')}
          </Heading>
          <DataTable
            caption={t('admin.users')}
            columns={[
              { key: 'name', label: t('admin.name') },
              { key: 'email', label: t('signIn.email') },
              { key: 'role', label: t('admin.role') },
              { key: 'org', label: t('stations.organisation') },
            ]}
            rows={users.data.map((u) => ({
              name: u.name,
              email: u.email,
              role: t(`role.${u.role}` as TextKey),
              org: orgName.get(u.organisationId) ?? u.organisationId,
            }))}
          />
        </section>
      )}
      <ErrorAlert error={users.error} />
      <TokenForm />
    </>
  );
}

/** A long-lived API token for scripts and the command line: shown once. */
function TokenForm() {
  const { t } = useI18n();
  const [label, setLabel] = useState('');
  const create = useMutation({
    mutationFn: () => api.createApiToken({ body: { label: label.trim(), expiresInDays: 90 } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="h-token">
      <Heading level={2} id="h-token">
        {t('admin.tokens')}
      </Heading>
      <P>{t('admin.tokensLead')}</P>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={create.error} />
        <TextField label={t('admin.tokenLabel')} value={label} onChange={setLabel} name="token-label" />
        <Button type="submit" busy={create.isPending}>
          {t('admin.createToken')}
        </Button>
      </form>
      {create.data && (
        <Alert kind="ok">
          <P>{t('admin.tokenOnce')}</P>
          <pre className="ai4h-mono">{create.data.token}</pre>
        </Alert>
      )}
    </section>
  );
}
