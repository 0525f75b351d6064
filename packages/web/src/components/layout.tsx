// Page frame: skip link, header with language switch and user, role-filtered navigation, <main>, footer.
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { SessionExpiryNotice } from '../features/auth/session-expiry-notice.tsx';
import { useSession } from '../features/auth/session-context.tsx';
import type { Permissions } from '../features/auth/permissions.ts';
import { changeLanguage, currentLanguage, LANGUAGES } from '../i18n/index.ts';
import { fetchSystemInfo } from '../api/endpoints.ts';

const MAIN_ID = 'main-content';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = i18n.resolvedLanguage ?? currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="link-button"
          aria-pressed={active === language}
          data-testid={`language-${language}`}
          onClick={() => {
            void changeLanguage(language);
          }}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}

interface NavItem {
  to: string;
  label: string;
  end: boolean;
  testId: string;
}

function navItems(t: TFunction, permissions: Permissions): NavItem[] {
  const items: NavItem[] = [{ to: '/', label: t('nav.start'), end: true, testId: 'nav-start' }];
  if (permissions.searchPersons) {
    items.push({ to: '/personer', label: t('nav.persons'), end: false, testId: 'nav-persons' });
  }
  if (permissions.myCases) {
    items.push({
      to: '/arenden',
      label: t('navCases.myCases'),
      end: false,
      testId: 'nav-my-cases',
    });
  }
  if (permissions.searchJournals) {
    items.push({
      to: '/journalsok',
      label: t('navCases.journalSearch'),
      end: false,
      testId: 'nav-journal-search',
    });
  }
  if (permissions.myCases) {
    items.push({
      to: '/beslut',
      label: t('navDecisions.worklist'),
      end: false,
      testId: 'nav-decisions',
    });
  }
  if (permissions.managePayments) {
    items.push({
      to: '/utbetalningar',
      label: t('navPayments.payments'),
      end: false,
      testId: 'nav-payments',
    });
  } else if (permissions.reconcilePayments) {
    // Internal audit reconciles payments but does not run them.
    items.push({
      to: '/utbetalningar/avstamning',
      label: t('navPayments.reconciliation'),
      end: false,
      testId: 'nav-payments',
    });
  }
  if (permissions.readCosts) {
    items.push({
      to: '/kostnader',
      label: t('navPayments.costs'),
      end: false,
      testId: 'nav-costs',
    });
  }
  if (permissions.caseload) {
    items.push({
      to: '/arbetsbelastning',
      label: t('navCases.caseload'),
      end: false,
      testId: 'nav-caseload',
    });
  }
  if (permissions.searchAccessLog || permissions.verifyAccessLog) {
    items.push({
      to: '/atkomstlogg',
      label: t('nav.accessLog'),
      end: false,
      testId: 'nav-access-log',
    });
  }
  if (permissions.administer) {
    items.push({ to: '/admin', label: t('nav.admin'), end: true, testId: 'nav-admin' });
  }
  if (permissions.readChangeLog) {
    items.push({
      to: '/admin/andringslogg',
      label: t('nav.changeLog'),
      end: false,
      testId: 'nav-change-log',
    });
  }
  return items;
}

/** Moves focus to the new page's <h1> after client-side navigation, so screen readers hear the new page. */
function useFocusOnNavigation(): void {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>(`#${MAIN_ID} h1`);
      (heading ?? document.getElementById(MAIN_ID))?.focus();
    });
  }, [location.pathname]);
}

export function Layout() {
  const { t } = useTranslation();
  const { state, logout } = useSession();
  const [loggingOut, setLoggingOut] = useState(false);
  const [demoMode, setDemoMode] = useState(false);
  useFocusOnNavigation();
  useEffect(() => {
    const controller = new AbortController();
    // The banner is information only; if the request fails the page works without it.
    fetchSystemInfo(controller.signal)
      .then((info) => {
        setDemoMode(info.demoMode);
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
    };
  }, []);
  const signedIn = state.status === 'authenticated' ? state : null;

  return (
    <div className="app">
      <header className="site-header">
        <a
          className="skip-link"
          href={`#${MAIN_ID}`}
          onClick={(event) => {
            event.preventDefault();
            document.getElementById(MAIN_ID)?.focus();
          }}
        >
          {t('app.skipLink')}
        </a>
        <div className="header-bar">
          <div className="container header-inner">
            <Link to="/" className="brand">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </Link>
            <div className="header-tools">
              <LanguageSwitch />
              {signedIn ? (
                <div className="user-box">
                  <span className="user-name" data-testid="signed-in-user">
                    {t('nav.signedInAs', { name: signedIn.session.displayName })}
                  </span>
                  <button
                    type="button"
                    className="link-button"
                    data-testid="logout"
                    aria-disabled={loggingOut ? true : undefined}
                    onClick={() => {
                      if (loggingOut) return;
                      setLoggingOut(true);
                      void logout()
                        .catch(() => undefined)
                        .finally(() => {
                          setLoggingOut(false);
                        });
                    }}
                  >
                    {t('nav.logout')}
                  </button>
                </div>
              ) : null}
            </div>
          </div>
        </div>
        {signedIn ? (
          <nav className="main-nav" aria-label={t('app.mainNav')}>
            <ul className="container">
              {navItems(t, signedIn.permissions).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} data-testid={item.testId}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      {demoMode ? (
        <div className="demo-banner" role="note" data-testid="demo-banner">
          <div className="container">{t('app.demoBanner')}</div>
        </div>
      ) : null}
      <main id={MAIN_ID} tabIndex={-1} className="container main">
        {signedIn ? <SessionExpiryNotice /> : null}
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.footer')}</p>
          {signedIn ? (
            <p>{t('app.idleInfo', { count: signedIn.session.idleTimeoutMinutes })}</p>
          ) : null}
        </div>
      </footer>
    </div>
  );
}
