import type { ReactNode } from 'react';
import type { Role } from '../api/api.ts';
import { usePageTitle } from '../layout/Layout.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';
import { Heading, P } from './ui.tsx';

/** A page for signed-in users: its title (also the document's), its lead, then its content for `roles`. */
export function SignedInPage({
  title,
  lead,
  roles,
  children,
}: {
  title: string;
  lead: string;
  roles: Role[];
  children: ReactNode;
}) {
  usePageTitle(title);
  return (
    <>
      <Heading level={1}>{title}</Heading>
      <P lead>{lead}</P>
      <RequireSignIn roles={roles}>{children}</RequireSignIn>
    </>
  );
}
