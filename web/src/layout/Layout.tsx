import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import type { Role } from '../api/api.ts';
import { useSession } from '../api/session.tsx';
import { type Lang, useI18n } from '../i18n/i18n.tsx';
import type { TextKey } from '../i18n/nl.ts';

/** Navigation entries; `roles` undefined = everyone (governance shows its public parts, landscape and ELSA guidance, signed out). */
const NAV: { to: string; key: TextKey; roles?: Role[] }[] = [
  { to: '/', key: 'nav.home' },
  { to: '/catalogue', key: 'nav.catalogue' },
  { to: '/transparency', key: 'nav.transparency' },
  { to: '/monitoring', key: 'nav.monitoring' },
  { to: '/cohorts', key: 'nav.cohorts', roles: ['researcher'] },
  { to: '/requests', key: 'nav.requests', roles: ['researcher', 'reviewer', 'auditor'] },
  { to: '/reviews', key: 'nav.reviews', roles: ['reviewer'] },
  { to: '/permits', key: 'nav.permits', roles: ['researcher', 'reviewer', 'auditor'] },
  { to: '/runs', key: 'nav.runs', roles: ['researcher', 'reviewer', 'auditor'] },
  { to: '/stations', key: 'nav.stations', roles: ['steward', 'admin', 'auditor', 'researcher', 'reviewer'] },
  { to: '/audit', key: 'nav.audit', roles: ['auditor'] },
  { to: '/governance', key: 'nav.governance' },
  { to: '/admin', key: 'nav.admin', roles: ['admin', 'auditor'] },
];

/** Sets the document title for a page (screen readers announce it; tabs show it). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · AI4Health`;
  }, [title]);
}

export function Layout() {
  const { t, lang, setLang } = useI18n();
  const { user, signOut } = useSession();
  const location = useLocation();
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    // A new page (not a new search on the same page): focus goes to its content, as after a page load.
    if (location.pathname !== shownPath.current) document.getElementById('main')?.focus();
    shownPath.current = location.pathname;
  }, [location.pathname]);
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const visible = NAV.filter((n) => !n.roles || (user && n.roles.includes(user.role)));
  return (
    <div className="utrecht-page ai4h-page">
      <a className="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">
        {t('layout.skip')}
      </a>
      <header className="utrecht-page-header ai4h-header">
        <div className="ai4h-header__top">
          <NavLink to="/" className="ai4h-brand">
            AI4Health <span className="ai4h-brand__sub">{t('layout.tagline')}</span>
          </NavLink>
          <div className="ai4h-header__tools">
            <button
              type="button"
              className="utrecht-button utrecht-button--subtle"
              lang={other}
              onClick={() => setLang(other)}
            >
              {other === 'en' ? 'English' : 'Nederlands'}
            </button>
            {user ? (
              <>
                <span className="ai4h-user">
                  {user.name} · {t(`role.${user.role}` as TextKey)}
                </span>
                <button
                  type="button"
                  className="utrecht-button utrecht-button--secondary-action"
                  onClick={signOut}
                >
                  {t('layout.signOut')}
                </button>
              </>
            ) : (
              <NavLink
                to="/sign-in"
                className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
              >
                {t('layout.signIn')}
              </NavLink>
            )}
          </div>
        </div>
        <nav className="utrecht-nav-bar ai4h-nav" aria-label={t('layout.nav')}>
          <ul className="ai4h-nav__list">
            {visible.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.to === '/'} className="ai4h-nav__link">
                  {t(n.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="utrecht-page-content ai4h-main">
        <Outlet />
      </main>
      <footer className="utrecht-page-footer ai4h-footer">
        <p className="utrecht-paragraph">{t('layout.footer')}</p>
      </footer>
    </div>
  );
}
