import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../api/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePageTitle } from '../../layout/Layout.tsx';
import { Button, ErrorAlert, Heading, P, TextField } from '../../ui/ui.tsx';

const HOME_OF: Record<string, string> = {
  researcher: '/cohorts',
  reviewer: '/reviews',
  steward: '/stations',
  auditor: '/audit',
  admin: '/admin',
};

export function SignInPage() {
  const { t } = useI18n();
  usePageTitle(t('signIn.title'));
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => signIn(email, password),
    onSuccess: (user) => navigate(HOME_OF[user.role] ?? '/'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <>
      <Heading level={1}>{t('signIn.title')}</Heading>
      <P>{t('signIn.lead')}</P>
      <form onSubmit={submit} noValidate className="ai4h-form">
        <ErrorAlert error={login.error} />
        <TextField
          label={t('signIn.email')}
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="username"
          name="email"
          required
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          name="password"
          required
        />
        <Button type="submit" busy={login.isPending}>
          {t('signIn.submit')}
        </Button>
      </form>
    </>
  );
}
