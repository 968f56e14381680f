import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../api/api.ts';
import { useSession } from '../api/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { TextKey } from '../i18n/nl.ts';
import { Alert, P } from './ui.tsx';

/**
 * Pages that need a signed-in user ask for it. `roles` only says for whom the page is meant: the hub
 * decides what each role may do, and its refusal is shown as it comes.
 */
export function RequireSignIn({ children, roles }: { children: ReactNode; roles?: Role[] }) {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user)
    return (
      <Alert kind="info">
        <P>
          {t('auth.needed')} <Link to="/sign-in">{t('layout.signIn')}</Link>
        </P>
      </Alert>
    );
  return (
    <>
      {roles && !roles.includes(user.role) && (
        <Alert kind="warning">
          <P>
            {t('auth.meantFor', {
              roles: roles.map((r) => t(`role.${r}` as TextKey)).join(', '),
              role: t(`role.${user.role}` as TextKey),
            })}
          </P>
        </Alert>
      )}
      {children}
    </>
  );
}
