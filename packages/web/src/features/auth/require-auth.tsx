// Route guards: send anonymous users to /login, and show a 403 for pages the user's roles do not allow.
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ForbiddenMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import type { Permission } from './permissions.ts';
import { useSession } from './session-context.tsx';

/** Where the login page returns to after a successful login. */
export interface LoginRedirectState {
  from: string;
}

export function RequireAuth() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <SessionLoading />;
  if (state.status === 'anonymous') {
    const from: LoginRedirectState = { from: `${location.pathname}${location.search}` };
    return <Navigate to="/login" replace state={from} />;
  }
  return <Outlet />;
}

function SessionLoading() {
  const { t } = useTranslation();
  usePageTitle(t('app.name'));
  return (
    <>
      <PageHeading>{t('app.name')}</PageHeading>
      <p role="status">{t('session.checking')}</p>
    </>
  );
}

/** Renders the page only for roles that may use it; the server still checks every request. */
export function RequirePermission({
  permission,
  anyOf,
  children,
}: {
  permission?: Permission;
  anyOf?: readonly Permission[];
  children: ReactNode;
}) {
  const { state } = useSession();
  const { t } = useTranslation();
  const wanted = [...(permission ? [permission] : []), ...(anyOf ?? [])];
  const allowed =
    state.status === 'authenticated' && wanted.some((name) => state.permissions[name]);
  usePageTitle(allowed ? null : t('errors.forbiddenTitle'));
  if (allowed) return children;
  return (
    <>
      <PageHeading>{t('errors.forbiddenTitle')}</PageHeading>
      <ForbiddenMessage reason="role_missing" />
    </>
  );
}
