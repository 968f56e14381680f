import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/api.ts';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { TextKey } from '../../i18n/nl.ts';
import { usePageTitle } from '../../layout/Layout.tsx';
import { RequireSignIn } from '../../ui/RequireSignIn.tsx';
import { Alert, Button, DataTable, ErrorAlert, Heading, P, SelectField, TextField } from '../../ui/ui.tsx';

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
      {user?.role === 'admin' && <NewOrganisation />}
      {user?.role === 'admin' && <NewUser organisations={orgs.data ?? []} />}
      <TokenForm />
    </>
  );
}

const KINDS = ['care', 'research', 'insurer', 'registry', 'platform', 'other'] as const;

function NewOrganisation() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('care');
  const create = useMutation({
    mutationFn: () => api.createOrganisation({ body: { name: name.trim(), kind } }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['organisations'] });
    },
  });
  return (
    <section aria-labelledby="h-new-org">
      <Heading level={2} id="h-new-org">
        {t('admin.newOrganisation')}
      </Heading>
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <ErrorAlert error={create.error} />
        {create.data && <Alert kind="ok">{t('admin.created', { name: create.data.name })}</Alert>}
        <div className="ai4h-row">
          <TextField label={t('admin.name')} value={name} onChange={setName} name="org-name" />
          <SelectField
            label={t('admin.kind')}
            value={kind}
            onChange={(v) => setKind(v as (typeof KINDS)[number])}
            options={KINDS.map((k) => ({ value: k, label: k }))}
            name="org-kind"
          />
        </div>
        <Button type="submit" busy={create.isPending}>
          {t('admin.create')}
        </Button>
      </form>
    </section>
  );
}

const ROLES = ['researcher', 'reviewer', 'steward', 'auditor', 'admin'] as const;

function NewUser({ organisations }: { organisations: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    email: '',
    name: '',
    organisationId: '',
    role: 'researcher',
    password: '',
  });
  const create = useMutation({
    mutationFn: () =>
      api.createUser({
        body: {
          email: form.email.trim(),
          name: form.name.trim(),
          organisationId: form.organisationId || (organisations[0]?.id ?? ''),
          role: form.role as (typeof ROLES)[number],
          password: form.password,
        },
      }),
    onSuccess: () => {
      // The password is not kept once the account exists; the rest may serve the next account.
      setForm((f) => ({ ...f, email: '', name: '', password: '' }));
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <section aria-labelledby="h-new-user">
      <Heading level={2} id="h-new-user">
        {t('admin.newUser')}
      </Heading>
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <ErrorAlert error={create.error} />
        {create.data && <Alert kind="ok">{t('admin.created', { name: create.data.email })}</Alert>}
        <div className="ai4h-row">
          <TextField label={t('admin.name')} value={form.name} onChange={set('name')} name="user-name" />
          <TextField
            label={t('signIn.email')}
            type="email"
            value={form.email}
            onChange={set('email')}
            name="user-email"
          />
          <SelectField
            label={t('stations.organisation')}
            value={form.organisationId}
            onChange={set('organisationId')}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            name="user-org"
          />
          <SelectField
            label={t('admin.role')}
            value={form.role}
            onChange={set('role')}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as TextKey) }))}
            name="user-role"
          />
          <TextField
            label={t('signIn.password')}
            description={t('admin.passwordHelp')}
            type="password"
            value={form.password}
            onChange={set('password')}
            autoComplete="new-password"
            name="user-password"
          />
        </div>
        <Button type="submit" busy={create.isPending}>
          {t('admin.create')}
        </Button>
      </form>
    </section>
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
